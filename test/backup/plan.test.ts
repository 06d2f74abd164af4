/**
 * What the program renders for backups, read from the offline plan of both stacks: every backup
 * is a CronJob that follows the rules, schedules keep each tier's RPO, the stores archive and keep
 * their backup volumes, restores are on demand, Ollama's exemption is visible, and the config
 * refuses backups that would break the promises.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { backedUpStores, backupCronJobPattern } from "../../catalog/backups";
import { formatDuration, parseDuration } from "../../catalog/duration";
import { catalog, tiers } from "../../catalog/services";
import { ServiceId } from "../../catalog/types";
import { cronEvery, parseCron, worstCaseGapSeconds } from "../../config/cron";
import { ConfigError, parseConfig } from "../../config/load";
import { cronJobName } from "../../components/backup/schedule";
import { runUnderMocks } from "../../tools/mockRuntime";
import type { Plan } from "../../tools/plan";
import type { KubernetesObject } from "../../tools/manifests";
import { find, Json, plan, spec, stackConfig } from "../support/program";

const stacks = ["staging", "production"] as const;
const plans: Partial<Record<(typeof stacks)[number], Plan>> = {};
const scriptsDir = path.resolve(__dirname, "../../backup/scripts");

function planOf(stack: (typeof stacks)[number]): Plan {
    const rendered = plans[stack];
    if (!rendered) throw new Error(`no plan for ${stack}`);
    return rendered;
}

const cronJobs = (p: Plan) => p.objects.filter((o) => o.kind === "CronJob");
const podSpec = (cronJob: KubernetesObject): Json => spec(cronJob).spec.jobTemplate.spec.template.spec;
const containersOf = (cronJob: KubernetesObject): Json[] => [...(podSpec(cronJob).initContainers ?? []), ...podSpec(cronJob).containers];
const envOf = (container: Json): Record<string, Json> => Object.fromEntries((container.env as Json[]).map((e) => [e.name, e]));

/** Raw config of a stack, decoded, with some top-level keys replaced. */
function rawConfig(stack: string, changes: Record<string, unknown> = {}): Record<string, unknown> {
    const config = stackConfig(stack).config;
    const values: Record<string, unknown> = {};
    for (const [key, raw] of Object.entries(config)) {
        const name = key.replace(/^jarvis:/, "");
        values[name] = /^\s*[[{]|^(true|false)$/.test(raw) ? JSON.parse(raw) : raw;
    }
    return { ...values, ...changes };
}

function configProblems(values: Record<string, unknown>): string[] {
    try {
        parseConfig(values);
        return [];
    } catch (error) {
        if (error instanceof ConfigError) return error.problems;
        throw error;
    }
}

beforeAll(async () => {
    for (const stack of stacks) plans[stack] = await plan(stack);
});

describe.each(stacks)("backups in the %s plan", (stack) => {
    it("render and match the Kubernetes schemas", () => {
        expect(planOf(stack).problems).toEqual([]);
    });

    it("are CronJobs that never overlap, start on time or not at all, and keep a short history", () => {
        const jobs = cronJobs(planOf(stack));
        expect(jobs.length).toBeGreaterThanOrEqual(16);
        for (const job of jobs) {
            const s = spec(job).spec;
            expect(s.concurrencyPolicy, job.metadata.name).toBe("Forbid");
            expect(s.startingDeadlineSeconds, job.metadata.name).toBeGreaterThan(0);
            if (!s.suspend) expect(s.startingDeadlineSeconds, job.metadata.name).toBeLessThan(worstCaseGapSeconds(s.schedule));
            expect(s.successfulJobsHistoryLimit).toBeGreaterThan(0);
            expect(s.successfulJobsHistoryLimit).toBeLessThanOrEqual(3);
            expect(s.failedJobsHistoryLimit).toBeGreaterThan(0);
            expect(s.failedJobsHistoryLimit).toBeLessThanOrEqual(3);
            expect(s.jobTemplate.spec.activeDeadlineSeconds, job.metadata.name).toBeGreaterThan(0);
            expect(parseCron(s.schedule), job.metadata.name).toBeDefined();
        }
    });

    it("name their service, tier and RPO in labels and annotations", () => {
        for (const job of cronJobs(planOf(stack))) {
            const service = job.metadata.labels?.["jarvis.io/service"] as ServiceId;
            expect(Object.keys(catalog), job.metadata.name).toContain(service);
            const rpo = formatDuration(tiers[catalog[service].tier].rpoSeconds);
            for (const meta of [job.metadata, spec(job).spec.jobTemplate.spec.template.metadata]) {
                expect(meta.labels).toMatchObject({ "jarvis.io/service": service, "jarvis.io/tier": catalog[service].tier, "jarvis.io/rpo": rpo });
                expect(meta.annotations).toMatchObject({ "jarvis.io/service": service, "jarvis.io/tier": catalog[service].tier, "jarvis.io/rpo": rpo });
            }
            expect(parseDuration(job.metadata.annotations?.["jarvis.io/rpo"] ?? "")).toBe(tiers[catalog[service].tier].rpoSeconds);
            // Not selected by the store's Service or PodDisruptionBudget.
            expect(job.metadata.labels?.["app.kubernetes.io/name"]).not.toBe(service);
        }
    });

    it("run every container non-root, without privilege escalation or capabilities, RuntimeDefault seccomp, read-only root, with requests and limits", () => {
        for (const job of cronJobs(planOf(stack))) {
            const pod = podSpec(job);
            expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
            expect(pod.restartPolicy).toBe("Never");
            expect(pod.volumes.find((v: Json) => v.name === "tmp")?.emptyDir?.sizeLimit).toBeDefined();
            for (const container of containersOf(job)) {
                const name = `${job.metadata.name}/${container.name}`;
                expect(container.securityContext, name).toMatchObject({
                    runAsNonRoot: true,
                    privileged: false,
                    allowPrivilegeEscalation: false,
                    readOnlyRootFilesystem: true,
                    capabilities: { drop: ["ALL"] },
                    seccompProfile: { type: "RuntimeDefault" },
                });
                expect(container.resources.requests, name).toMatchObject({ cpu: expect.any(String), memory: expect.any(String) });
                expect(container.resources.limits, name).toMatchObject({ cpu: expect.any(String), memory: expect.any(String) });
                expect(container.image, name).toMatch(/:[A-Za-z0-9_.-]+$/);
                expect(container.image, name).not.toMatch(/:latest$/);
            }
        }
    });

    it("give Kubernetes API access to the restore jobs only", () => {
        for (const job of cronJobs(planOf(stack))) {
            const pod = podSpec(job);
            const usesKubectl = containersOf(job).some((c) => /(stop|start)-writers\.sh$/.test(c.command.join(" ")));
            expect(pod.automountServiceAccountToken, job.metadata.name).toBe(usesKubectl);
            if (usesKubectl) {
                expect(pod.serviceAccountName).toBe("backup-restore");
                expect(spec(job).spec.suspend).toBe(true);
            }
        }
        const role = find(planOf(stack).objects, "Role", "backup-restore");
        const verbs = (spec(role).rules as Json[]).flatMap((r) => r.verbs as string[]);
        expect(verbs).not.toContain("delete");
        expect(verbs).not.toContain("create");
    });

    it("run from the repository's scripts, shipped in one ConfigMap", () => {
        const configMap = find(planOf(stack).objects, "ConfigMap", "backup-scripts");
        const files = fs.readdirSync(scriptsDir).filter((n) => n.endsWith(".sh"));
        expect(Object.keys(spec(configMap).data).sort()).toEqual(files.sort());
        for (const file of files) expect(spec(configMap).data[file]).toBe(fs.readFileSync(path.join(scriptsDir, file), "utf8"));
        for (const job of cronJobs(planOf(stack))) {
            for (const container of containersOf(job)) {
                expect(container.command[0]).toBe("bash");
                expect(files).toContain(path.basename(container.command[1]));
            }
        }
    });

    it("archive PostgreSQL's WAL within its tier's RPO, even after a restart, to a backup volume of its own", () => {
        for (const id of ["postgres", "timescale"] as const) {
            const statefulSet = find(planOf(stack).objects, "StatefulSet", id);
            const container = spec(statefulSet).spec.template.spec.containers[0];
            const settings = Object.fromEntries(
                (container.args as string[]).filter((_, i, all) => all[i - 1] === "-c").map((arg) => [arg.split("=")[0], arg.slice(arg.indexOf("=") + 1)]),
            );
            const rpo = tiers[catalog[id].tier].rpoSeconds;
            expect(settings).toMatchObject({ wal_level: "replica", archive_mode: "on", archive_command: "/opt/jarvis/backup/pg-wal-archive.sh %p %f" });
            // Switched, compressed and stored within the RPO.
            expect(parseDuration(settings.archive_timeout)).toBeLessThanOrEqual(rpo - 10);
            // The first forced switch after a restart waits for checkpoint_timeout.
            expect(parseDuration(settings.checkpoint_timeout)).toBeLessThanOrEqual(Math.max(30, rpo));
            expect(envOf(container).WAL_ARCHIVE_DIR.value).toBe("/backups/wal");
            const claims = (spec(statefulSet).spec.volumeClaimTemplates as Json[]).map((c) => c.metadata.name);
            expect(claims).toEqual(["data", "backup"]);
            const hba = find(planOf(stack).objects, "ConfigMap", `${id}-server-config`);
            expect(spec(hba).data["pg_hba.conf"]).toMatch(/^host\s+replication\s+all\s+all\s+scram-sha-256$/m);
            expect(spec(statefulSet).spec.template.metadata.annotations["jarvis.io/files-checksum"]).toMatch(/^[0-9a-f]{64}$/);
        }
    });

    it("keep Redis durable with AOF every second and a backup volume beside its data", () => {
        const statefulSet = find(planOf(stack).objects, "StatefulSet", "redis");
        const args = spec(statefulSet).spec.template.spec.containers[0].args as string[];
        expect(args.join(" ")).toContain("--appendonly yes --appendfsync everysec");
        expect((spec(statefulSet).spec.volumeClaimTemplates as Json[]).map((c) => c.metadata.name)).toEqual(["data", "backup"]);
        const mount = (spec(statefulSet).spec.template.spec.containers[0].volumeMounts as Json[]).find((m) => m.name === "backup");
        expect(mount?.readOnly).toBe(true);
    });

    it("schedule the backups that alone keep an RPO within it (Qdrant snapshots, off-site copies)", () => {
        const jobs = cronJobs(planOf(stack));
        const qdrant = find(jobs, "CronJob", "qdrant-backup-snapshot");
        const s = spec(qdrant).spec;
        expect(worstCaseGapSeconds(s.schedule) + s.startingDeadlineSeconds).toBeLessThanOrEqual(tiers["2"].rpoSeconds);
        for (const job of jobs.filter((j) => j.metadata.labels?.["jarvis.io/backup-purpose"] === "offsite")) {
            const service = job.metadata.labels?.["jarvis.io/service"] as ServiceId;
            expect(worstCaseGapSeconds(spec(job).spec.schedule), job.metadata.name).toBeLessThanOrEqual(tiers[catalog[service].tier].rpoSeconds);
        }
    });

    it("name backup CronJobs as the BackupStale alert matches them, and nothing else", () => {
        const names = cronJobs(planOf(stack)).map((job) => job.metadata.name ?? "");
        for (const store of backedUpStores) {
            const pattern = new RegExp(`^(?:${backupCronJobPattern(store)})$`);
            const matched = names.filter((name) => pattern.test(name));
            expect(matched.length, store).toBeGreaterThan(0);
            expect(matched.filter((name) => /restore|pitr|verify|maintenance|offsite/.test(name)), store).toEqual([]);
        }
    });

    it("verify the latest dump and run the runbook's maintenance on schedule", () => {
        for (const id of ["postgres", "timescale"]) {
            for (const purpose of ["basebackup", "dump", "verify", "maintenance"]) {
                const job = find(cronJobs(planOf(stack)), "CronJob", cronJobName(catalog[id as "postgres" | "timescale"], purpose));
                expect(spec(job).spec.suspend, job.metadata.name).toBe(false);
            }
        }
        const maintenance = find(cronJobs(planOf(stack)), "CronJob", "postgres-maintenance");
        expect(envOf(containersOf(maintenance)[0]).MAIN_TABLES.value).toBe("users conversations memory_vectors");
    });

    it("restore on demand: suspended, taking a backup id, writers stopped first and started last", () => {
        for (const id of ["postgres", "redis", "qdrant", "timescale"]) {
            const job = find(cronJobs(planOf(stack)), "CronJob", `${id}-restore`);
            expect(spec(job).spec.suspend).toBe(true);
            expect(job.metadata.annotations?.["jarvis.io/usage"]).toContain(`--from=cronjob/${id}-restore`);
            const restore = containersOf(job).find((c) => c.name === "restore");
            expect(restore && envOf(restore).BACKUP_ID).toBeDefined();
            const names = containersOf(job).map((c) => c.name);
            if (id === "timescale") expect(names).toEqual(["restore"]);
            else expect(names).toEqual(["stop-writers", "restore", "start-writers"]);
        }
        for (const id of ["postgres", "timescale"]) {
            const job = find(cronJobs(planOf(stack)), "CronJob", `${id}-pitr`);
            expect(containersOf(job).map((c) => c.name)).toEqual(["stop-writers", "pitr", "start-writers"]);
            const pitr = containersOf(job)[1];
            expect(envOf(pitr).RECOVERY_TARGET_TIME).toBeDefined();
            expect(envOf(containersOf(job)[0]).STOP_STATEFULSET.value).toBe(id);
            expect(podSpec(job).volumes.map((v: Json) => v.persistentVolumeClaim?.claimName).filter(Boolean)).toEqual([`backup-${id}-0`, `data-${id}-0`]);
        }
    });

    it("say why Ollama's models are not backed up, on the StatefulSet and its claims", () => {
        const ollama = find(planOf(stack).objects, "StatefulSet", "ollama");
        const reason = ollama.metadata.annotations?.["jarvis.io/backup-exempt"] ?? "";
        expect(reason).toMatch(/re-downloadable/);
        for (const claim of spec(ollama).spec.volumeClaimTemplates as Json[]) expect(claim.metadata.annotations["jarvis.io/backup-exempt"]).toBe(reason);
        expect(cronJobs(planOf(stack)).some((j) => j.metadata.labels?.["jarvis.io/service"] === "ollama")).toBe(false);
    });
});

describe("production", () => {
    it("protects the stores' StatefulSets, whose claim templates hold the data and the backup volumes", async () => {
        const { jarvis } = await import("../../program");
        const stack = stackConfig("production");
        const run = await runUnderMocks({ stack: "production", config: stack.config, secretKeys: stack.secretKeys, program: jarvis });
        const statefulSets = run.registrations.filter((r) => r.type === "kubernetes:apps/v1:StatefulSet");
        for (const id of ["postgres", "redis", "qdrant", "timescale"]) {
            expect(statefulSets.find((r) => r.name === id)?.protect, id).toBe(true);
        }
    });
});

describe("off-site copies", () => {
    it("exist in production, for every store, reading credentials from the configured Secret", () => {
        const jobs = cronJobs(planOf("production")).filter((j) => j.metadata.labels?.["jarvis.io/backup-purpose"] === "offsite");
        expect(jobs.map((j) => j.metadata.name ?? "").sort()).toEqual(["postgres-offsite", "qdrant-offsite", "redis-offsite", "timescale-offsite"]);
        const env = envOf(containersOf(jobs[0])[0]);
        expect(env.AWS_SECRET_ACCESS_KEY.valueFrom.secretKeyRef).toEqual({ name: "backup-offsite-credentials", key: "AWS_SECRET_ACCESS_KEY", optional: true });
        expect(env.OFFSITE_BUCKET.value).toBe("jarvis-production-backups");
        expect(cronJobs(planOf("staging")).some((j) => (j.metadata.name ?? "").endsWith("-offsite"))).toBe(false);
    });

    it("get their Secret from the secret config when the operator set it, values masked", async () => {
        const withCredentials = await plan("production", { backupS3AccessKeyId: "AKIAEXAMPLE", backupS3SecretAccessKey: "very-secret-key" });
        expect(withCredentials.problems).toEqual([]);
        const secret = find(withCredentials.objects, "Secret", "backup-offsite-credentials");
        expect(spec(secret).stringData).toEqual({ AWS_ACCESS_KEY_ID: "[secret]", AWS_SECRET_ACCESS_KEY: "[secret]" });
        expect(JSON.stringify(withCredentials.objects)).not.toContain("very-secret-key");
        expect(planOf("production").objects.some((o) => o.kind === "Secret" && o.metadata.name === "backup-offsite-credentials")).toBe(false);
    });
});

describe("backup configuration", () => {
    it("requires an off-site copy in production, naming the key", () => {
        const values = rawConfig("production");
        const backup = { ...(values.backup as Record<string, unknown>) };
        delete backup.offsite;
        expect(configProblems({ ...values, backup })).toEqual([expect.stringContaining("jarvis:backup.offsite: production keeps an off-site copy")]);
        expect(configProblems(rawConfig("staging"))).toEqual([]);
    });

    it("refuses a Qdrant schedule or an archive timeout that cannot keep the RPO", () => {
        const values = rawConfig("staging");
        const backup = values.backup as Record<string, Record<string, unknown>>;
        const problems = configProblems({
            ...values,
            backup: { ...backup, qdrant: { ...backup.qdrant, snapshotSchedule: "*/5 * * * *" }, postgres: { ...backup.postgres, archiveTimeoutSeconds: 120 } },
        });
        expect(problems).toEqual(
            expect.arrayContaining([
                expect.stringMatching(/^jarvis:backup\.qdrant\.snapshotSchedule: the newest snapshot can be 330 s old.*RPO of 5m/),
                expect.stringMatching(/^jarvis:backup\.postgres\.archiveTimeoutSeconds: at most 50 s: the tier's RPO of 1m/),
            ]),
        );
    });

    it("wants both off-site credentials or neither, and an off-site target for them", () => {
        const staging = rawConfig("staging", { backupS3AccessKeyId: "id" });
        expect(configProblems(staging)).toEqual(
            expect.arrayContaining([expect.stringContaining("jarvis:backupS3SecretAccessKey: set together with backupS3AccessKeyId"), expect.stringContaining("jarvis:backup.offsite: off-site credentials are set")]),
        );
    });

    it("keeps the runbook's 30 days of retention when not set", () => {
        const values = rawConfig("staging");
        const backup = { ...(values.backup as Record<string, unknown>) };
        delete backup.retentionDays;
        expect(parseConfig({ ...values, backup }).backup.retentionDays).toBe(30);
        const { backup: _omitted, ...withoutBackup } = values;
        expect(parseConfig(withoutBackup).backup.postgres.archiveTimeoutSeconds).toBe(50);
    });
});

describe("cron schedules", () => {
    it.each([
        ["* * * * *", 60],
        ["*/4 * * * *", 240],
        ["*/7 * * * *", 420],
        ["0 2 1 * *", 31 * 86400],
        ["15 1 * * *", 86400],
        ["0 3 * * 0", 7 * 86400],
        ["0 0,12 * * *", 12 * 3600],
    ])("%s runs at most every %i s", (schedule, gap) => {
        expect(worstCaseGapSeconds(schedule)).toBe(gap);
    });

    it("refuses what is not a five-field schedule", () => {
        for (const bad of ["", "* * * *", "61 * * * *", "@daily", "*/0 * * * *"]) expect(parseCron(bad), bad).toBeUndefined();
    });

    it("derives the schedule of a period", () => {
        expect([60, 300, 900, 1800, 3600].map(cronEvery)).toEqual(["* * * * *", "*/5 * * * *", "*/15 * * * *", "*/30 * * * *", "0 */1 * * *"]);
    });
});
