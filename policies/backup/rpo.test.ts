import { describe, expect, it } from "vitest";
import { fixture, messages } from "../../test/support/policies";
import { backupMeetsRpo } from "./rpo";

describe("backup-meets-rpo", () => {
    it("flags the runbook's daily pg_dump for a tier-1 store with an RPO of 1 minute", async () => {
        expect(await messages(backupMeetsRpo, fixture("backup/fixtures/runbook-daily-pg-dump.yaml"))).toEqual([
            "StatefulSet jarvis-production/postgres: postgres (RPO 1m): postgres-backup '0 2 * * *' leaves up to 24h between backups; an RPO under 15m needs continuous archiving, which no CronJob schedule replaces: enable WAL archiving (archive_mode=on, an archive_command, archive_timeout <= 1m)",
        ]);
    });

    it("passes WAL archiving, Redis AOF from a config file, a schedule within the RPO and a reasoned exemption", async () => {
        expect(await messages(backupMeetsRpo, fixture("backup/fixtures/rpo.pass.yaml"))).toEqual([]);
    });

    it("flags each way a store can miss its RPO", async () => {
        expect(await messages(backupMeetsRpo, fixture("backup/fixtures/rpo.fail.yaml"))).toEqual([
            "StatefulSet jarvis-production/postgres: postgres (RPO 1m): PostgreSQL WAL archiving (archive_timeout 5m) can lose up to 5m, more than the RPO",
            "StatefulSet jarvis-production/redis: redis (RPO 1m): Redis AOF (appendfsync everysec) needs a base backup to replay onto, and there is no backup CronJob",
            "StatefulSet jarvis-production/timescale: timescale (RPO 15m): timescale-backup '0 * * * *' leaves up to 1h between backups; the worst-case gap between backups must be at most 15m",
            "StatefulSet jarvis-production/qdrant: qdrant (RPO 5m): qdrant-snapshot '* * * * *' leaves up to 1m between backups; an RPO under 15m needs continuous archiving, which no CronJob schedule replaces: this engine has no continuous archiving the policy can verify: give the store a tier whose RPO a schedule can meet, or exempt it with a reason",
            'StatefulSet jarvis-production/ollama: the jarvis.io/backup-exempt annotation (or jarvis.io/backup-exempt-reason) must give the reason the data needs no backup (found "true")',
            "Deployment jarvis-production/uploads: has persistent volumes but no readable RPO: label it jarvis.io/rpo (a duration) or jarvis.io/tier",
        ]);
    });

    it("accepts the reason in its own annotation next to a bare exemption flag", async () => {
        const resources = fixture("backup/fixtures/rpo.fail.yaml").map((r) =>
            r.name === "jarvis-production/ollama"
                ? { ...r, props: { ...r.props, metadata: { name: "ollama", namespace: "jarvis-production", annotations: { "jarvis.io/backup-exempt": "true", "jarvis.io/backup-exempt-reason": "models are pulled again from the registry" } } } }
                : r,
        );
        expect((await messages(backupMeetsRpo, resources)).some((m) => m.includes("ollama"))).toBe(false);
    });

    it("lets the operator change the smallest RPO a schedule may serve", async () => {
        const config = { "backup-meets-rpo": { cronMinimumRpo: "1m" } };
        const found = await messages(backupMeetsRpo, fixture("backup/fixtures/rpo.fail.yaml"), { config });
        expect(found.some((m) => m.includes("qdrant"))).toBe(false);
    });

    it("points at backup CronJobs whose labels name no store", async () => {
        const resources = fixture("backup/fixtures/runbook-daily-pg-dump.yaml").map((r) =>
            r.type.endsWith(":CronJob") ? { ...r, props: JSON.parse(JSON.stringify(r.props).replace('"jarvis.io/service":"postgres"', '"jarvis.io/service":"pg"')) as Record<string, unknown> } : r,
        );
        const [message] = await messages(backupMeetsRpo, resources);
        expect(message).toContain("no backup CronJob (backup CronJobs postgres-backup name no store: label them jarvis.io/backup-of: postgres)");
    });
    describe("a disclosed scheduled-backup reason (an engine with nothing to archive)", () => {
        const withReason = (reason: string, schedule: string, deadline?: number) =>
            fixture("backup/fixtures/rpo.fail.yaml").map((r) => {
                if (r.name === "jarvis-production/qdrant" && r.type.endsWith(":StatefulSet")) {
                    const metadata = { ...(r.props.metadata as Record<string, unknown>), annotations: { "jarvis.io/scheduled-backup-reason": reason } };
                    return { ...r, props: { ...r.props, metadata } };
                }
                if (r.type.endsWith(":CronJob") && JSON.stringify(r.props).includes("qdrant-snapshot")) {
                    const spec = { ...(r.props.spec as Record<string, unknown>), schedule, ...(deadline === undefined ? {} : { startingDeadlineSeconds: deadline }) };
                    return { ...r, props: { ...r.props, spec } };
                }
                return r;
            });
        const reason = "Qdrant has no write-ahead log to ship; API snapshots every 4 minutes";

        it("accepts snapshots whose gap plus start deadline fits the RPO", async () => {
            const found = await messages(backupMeetsRpo, withReason(reason, "*/4 * * * *", 30));
            expect(found.some((m) => m.includes("qdrant"))).toBe(false);
        });

        it("still flags a schedule whose gap plus start deadline exceeds the RPO", async () => {
            const found = await messages(backupMeetsRpo, withReason(reason, "*/5 * * * *", 30));
            expect(found.filter((m) => m.includes("qdrant"))).toEqual([
                expect.stringContaining("with the start deadline a backup can be 330s old, more than the RPO"),
            ]);
        });

        it("flags a reason that is no reason, or a schedule with no start deadline", async () => {
            expect((await messages(backupMeetsRpo, withReason("yes", "*/4 * * * *", 30))).find((m) => m.includes("qdrant"))).toContain(
                "the jarvis.io/scheduled-backup-reason annotation must give the reason",
            );
            expect((await messages(backupMeetsRpo, withReason(reason, "*/4 * * * *"))).some((m) => m.includes("qdrant"))).toBe(true);
        });
    });
});
