/**
 * The scripts the release Jobs run, run for real: the health gate with curl against a local HTTP
 * server, the pre-migration backup with pg_dump against a PostgreSQL server.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as http from "node:http";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scriptPath } from "../../components/release/scripts";
import { freePort, PostgresServer, startPostgres } from "../support/postgresServer";

const run = promisify(execFile);

interface Outcome {
    readonly code: number;
    readonly stdout: string;
    readonly stderr: string;
}

/** Runs a script with `sh` as the Job does, with only the given environment (and PATH). */
async function runScript(script: "health-gate.sh" | "pre-migration-backup.sh", env: Record<string, string>): Promise<Outcome> {
    try {
        const { stdout, stderr } = await run("sh", [scriptPath(script)], { env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ...env } });
        return { code: 0, stdout, stderr };
    } catch (error) {
        const failed = error as { code?: number; stdout?: string; stderr?: string };
        return { code: failed.code ?? -1, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
    }
}

it("both scripts pass shellcheck", async () => {
    await run("shellcheck", [scriptPath("health-gate.sh"), scriptPath("pre-migration-backup.sh")]);
});

describe("health-gate.sh", () => {
    /** Answers each request with the next status of a script; counts requests. */
    let statuses: number[] = [];
    let requests = 0;
    let server: http.Server;
    let url = "";

    beforeAll(async () => {
        server = http.createServer((req, res) => {
            const status = req.url === "/health" ? (statuses[Math.min(requests, statuses.length - 1)] ?? 200) : 404;
            requests += 1;
            res.writeHead(status).end();
        });
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        const address = server.address();
        url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/health`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    const gate = (answers: number[], attempts = 6) => {
        statuses = answers;
        requests = 0;
        return runScript("health-gate.sh", { GATE_URL: url, GATE_ATTEMPTS: String(attempts), GATE_INTERVAL_SECONDS: "0", GATE_SUCCESSES: "3" });
    };

    it("passes once the service answers three times in a row", async () => {
        const outcome = await gate([200]);
        expect(outcome.code).toBe(0);
        expect(outcome.stdout).toContain("answered 3 times in a row");
        expect(requests).toBe(3);
    });

    it("passes when a starting service recovers within the attempts", async () => {
        expect((await gate([503, 503, 200])).code).toBe(0);
        expect(requests).toBe(5);
    });

    it("fails, and so fails the update, when the service keeps failing", async () => {
        const outcome = await gate([500]);
        expect(outcome.code).toBe(1);
        expect(outcome.stderr).toContain("unhealthy");
        expect(requests).toBe(6);
    });

    it("fails when answers flap (one lucky pod is not enough)", async () => {
        expect((await gate([200, 500, 200, 200, 500, 200, 500])).code).toBe(1);
    });

    it("fails when nothing listens", async () => {
        const port = await freePort();
        const outcome = await runScript("health-gate.sh", { GATE_URL: `http://127.0.0.1:${port}/health`, GATE_ATTEMPTS: "2", GATE_INTERVAL_SECONDS: "0" });
        expect(outcome.code).toBe(1);
    });
});

describe("pre-migration-backup.sh", () => {
    let postgres: PostgresServer;
    let backups: string;
    const env = (label: string, keep = "3"): Record<string, string> => ({
        PGHOST: postgres.host,
        PGPORT: String(postgres.port),
        PGUSER: postgres.user,
        PGPASSWORD: "unused-with-trust-authentication",
        PGDATABASE: "jarvis_test",
        BACKUP_DIR: backups,
        BACKUP_LABEL: label,
        BACKUP_KEEP: keep,
    });
    const dumps = () => fs.readdirSync(backups).filter((f) => f.endsWith(".dump")).sort();

    beforeAll(async () => {
        postgres = await startPostgres();
        await postgres.psql("postgres", "CREATE DATABASE jarvis_test");
        await postgres.psql("jarvis_test", "CREATE TABLE conversations (id serial PRIMARY KEY, body text); INSERT INTO conversations (body) SELECT 'message ' || n FROM generate_series(1, 100) n;");
        backups = fs.mkdtempSync(path.join(os.tmpdir(), "jarvis-backups-"));
    });
    afterAll(async () => {
        await postgres?.stop();
        fs.rmSync(backups, { recursive: true, force: true });
    });

    it("writes a restorable custom-format dump named after the time and the release", async () => {
        const outcome = await runScript("pre-migration-backup.sh", env("1.10.0-a"));
        expect(outcome.stderr).toBe("");
        expect(outcome.code).toBe(0);
        const [dump] = dumps();
        expect(dump).toMatch(/^pre-migration-\d{8}T\d{6}Z-1\.10\.0-a\.dump$/);
        // The dump really holds the data: restore it into a fresh database and count.
        await postgres.psql("postgres", "CREATE DATABASE restored");
        await run("pg_restore", ["-h", postgres.host, "-p", String(postgres.port), "-U", "postgres", "-d", "restored", path.join(backups, dump)]);
        expect((await postgres.psql("restored", "SELECT count(*) FROM conversations")).trim()).toBe("100");
    });

    it("keeps the newest BACKUP_KEEP dumps and clears dumps left unfinished", async () => {
        fs.writeFileSync(path.join(backups, "pre-migration-20000101T000000Z-interrupted.dump.partial"), "");
        for (const label of ["1.10.0-b", "1.10.0-c", "1.10.0-d"]) {
            expect((await runScript("pre-migration-backup.sh", env(label))).code).toBe(0);
        }
        const kept = dumps();
        expect(kept).toHaveLength(3);
        // The first dump is the oldest; the three later ones remain (dumps of one second sort by label: b < c < d).
        expect(kept.some((f) => f.endsWith("-1.10.0-a.dump"))).toBe(false);
        expect(fs.readdirSync(backups).some((f) => f.endsWith(".partial"))).toBe(false);
    });

    it("fails, leaving no dump behind, when the database cannot be reached", async () => {
        const before = dumps();
        const outcome = await runScript("pre-migration-backup.sh", { ...env("1.10.0-e"), PGPORT: String(await freePort()) });
        expect(outcome.code).not.toBe(0);
        expect(dumps()).toEqual(before);
    });
});
