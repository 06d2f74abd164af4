/**
 * The PostgreSQL backup scripts against a real PostgreSQL server, configured as the program
 * configures it (WAL archiving settings and pg_hba.conf from the definition): archiving lag,
 * dump and restore, refusal of damaged backups, verification, maintenance, retention of WAL and
 * point-in-time recovery.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postgresHbaConf, walArchivingSettings, worstCaseArchiveLagSeconds } from "../../components/definitions/postgresFamily";
import { freePort, PostgresServer, pgOsUser, runScript, scriptsDir, sleep, startPostgres, tempDir, waitFor } from "../support/servers";

/** Short, so the test waits seconds; the benchmark measures the configured 60 s. */
const archiveTimeoutSeconds = 5;
/** Just after a start the first forced switch waits for checkpoint_timeout (30 s at least). */
const afterStartLagSeconds = worstCaseArchiveLagSeconds(archiveTimeoutSeconds);
const database = "jarvis_test";

let pg: PostgresServer;
let backupRoot: string;
let walDir: string;

function backupEnv(extra: Record<string, string> = {}): Record<string, string> {
    return {
        ...pg.env,
        PGDATABASE: database,
        BACKUP_ROOT: backupRoot,
        BACKUP_ENVIRONMENT: "test",
        BACKUP_COMPONENT: "postgres",
        MAIN_TABLES: "users conversations memory_vectors",
        WAL_ARCHIVE_DIR: walDir,
        ...extra,
    };
}

/** Runs a backup script as the PostgreSQL OS user (it owns the backup volume, as in the pods). */
async function script(name: string, env: Record<string, string> = {}, args: string[] = []) {
    return runScript(name, backupEnv(env), { user: pgOsUser, args });
}

async function expectSuccess(name: string, env: Record<string, string> = {}, args: string[] = []): Promise<string> {
    const result = await script(name, env, args);
    if (result.code !== 0) throw new Error(`${name} failed (${result.code}):\n${result.stderr}`);
    return result.stderr;
}

/** Row count and content digest of every table: equal digests mean identical data. */
async function fingerprint(db = database): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const table of ["users", "conversations"]) {
        out[table] = await pg.psql(`SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY id)), '') FROM ${table} t`, db);
    }
    return out;
}

function backupsOf(kind: string): string[] {
    const dir = path.join(backupRoot, kind);
    return fs.existsSync(dir) ? fs.readdirSync(dir).filter((name) => !name.endsWith(".partial")).sort() : [];
}

function manifest(kind: string, id: string): Record<string, unknown> {
    return JSON.parse(fs.readFileSync(path.join(backupRoot, kind, id, "manifest.json"), "utf8")) as Record<string, unknown>;
}

/** The WAL segment holding everything written so far. */
const currentSegment = () => pg.psql("SELECT pg_walfile_name(pg_current_wal_insert_lsn())");

/** Waits until a segment (by default the one holding everything written so far) is archived; returns the wait in ms. */
async function waitUntilArchived(timeoutMs: number, segmentName?: string): Promise<number> {
    const segment = segmentName ?? (await currentSegment());
    const started = Date.now();
    await waitFor(`${segment} in the archive`, async () => (fs.existsSync(path.join(walDir, `${segment}.gz`)) ? true : undefined), timeoutMs, 50);
    return Date.now() - started;
}

beforeAll(async () => {
    backupRoot = tempDir("jarvis-pg-backups-");
    walDir = path.join(backupRoot, "wal");
    pg = await startPostgres({
        settings: walArchivingSettings({ scriptsDir, archiveTimeoutSeconds }),
        hba: postgresHbaConf,
        serverEnv: { WAL_ARCHIVE_DIR: walDir },
        database,
    });
    await pg.psql(
        `CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL UNIQUE, created_at timestamptz NOT NULL);
         CREATE TABLE conversations (id bigint PRIMARY KEY, user_id bigint REFERENCES users(id), body text, created_at timestamptz NOT NULL);
         INSERT INTO users SELECT i, 'user' || i || '@jarvis.test', '2025-01-01'::timestamptz + i * interval '1 minute' FROM generate_series(1, 2000) i;
         INSERT INTO conversations SELECT i, 1 + i % 2000, repeat(md5(i::text), 8), '2025-01-01'::timestamptz + i * interval '1 second' FROM generate_series(1, 20000) i;`,
        database,
    );
});

afterAll(async () => {
    await pg?.destroy();
    if (backupRoot) fs.rmSync(backupRoot, { recursive: true, force: true });
});

describe("continuous WAL archiving", () => {
    it("archives a write made just after the server started within checkpoint_timeout, bounded by the program", async () => {
        await pg.psql("INSERT INTO users VALUES (100001, 'lag@jarvis.test', now())", database);
        const lagMs = await waitUntilArchived((afterStartLagSeconds + 5) * 1000);
        console.log(`archive lag of a write just after start: ${lagMs} ms (bound ${afterStartLagSeconds} s)`);
        expect(lagMs).toBeLessThanOrEqual((afterStartLagSeconds + 2) * 1000);
        await pg.psql("DELETE FROM users WHERE id = 100001", database);
    });

    it("then archives the segment holding a write within archive_timeout", async () => {
        await pg.psql("INSERT INTO users VALUES (100002, 'lag2@jarvis.test', now())", database);
        const lagMs = await waitUntilArchived((archiveTimeoutSeconds + 5) * 1000);
        console.log(`archive lag of a write: ${lagMs} ms (archive_timeout ${archiveTimeoutSeconds} s)`);
        expect(lagMs).toBeLessThanOrEqual((archiveTimeoutSeconds + 2) * 1000);
        await pg.psql("DELETE FROM users WHERE id = 100002", database);
    });

    it("stores each segment compressed, and accepts the same segment twice but never a different one", async () => {
        const archived = fs.readdirSync(walDir).filter((name) => /^[0-9A-F]{24}\.gz$/.test(name));
        expect(archived.length).toBeGreaterThan(0);
        const segment = archived[0].replace(/\.gz$/, "");
        const copy = path.join(pg.root, "segment-copy");
        fs.writeFileSync(copy, (await import("node:zlib")).gunzipSync(fs.readFileSync(path.join(walDir, archived[0]))));
        expect(fs.statSync(copy).size).toBe(16 * 1024 * 1024);
        fs.chmodSync(copy, 0o644);
        const again = await script("pg-wal-archive.sh", {}, [copy, segment]);
        expect(again.code).toBe(0);
        fs.appendFileSync(copy, "x");
        const different = await script("pg-wal-archive.sh", {}, [copy, segment]);
        expect(different.code).not.toBe(0);
        expect(different.stderr).toContain("refusing to overwrite");
    });
});

describe("logical dumps", () => {
    let dumpId: string;

    it("writes a custom-format dump with a manifest (id, component, time, size, checksum) and row counts", async () => {
        await expectSuccess("pg-dump.sh");
        [dumpId] = backupsOf("dumps");
        expect(dumpId).toMatch(/^jarvis-test-postgres-dumps-\d{8}-\d{6}$/);
        const m = manifest("dumps", dumpId);
        expect(m).toMatchObject({ backup_id: dumpId, component: "postgres", environment: "test", backup_type: "dumps" });
        expect(m.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
        expect(m.checksum).toMatch(/^sha256:[0-9a-f]{64}$/);
        const files = m.files as { name: string; size_bytes: number; sha256: string }[];
        const dump = files.find((f) => f.name === "postgres.dump");
        expect(dump?.size_bytes).toBe(fs.statSync(path.join(backupRoot, "dumps", dumpId, "postgres.dump")).size);
        expect((m.details as { row_counts: Record<string, number> }).row_counts).toEqual({ users: 2000, conversations: 20000 });
        expect(fs.readFileSync(path.join(backupRoot, "dumps", dumpId, "postgres.dump")).subarray(0, 5).toString()).toBe("PGDMP");
    });

    it("restores over a damaged database with identical row counts and checksums, keeping the replaced one", async () => {
        const before = await fingerprint();
        await pg.psql("DELETE FROM conversations WHERE id % 3 = 0; UPDATE users SET email = 'x' || email WHERE id < 10", database);
        expect(await fingerprint()).not.toEqual(before);
        const log = await expectSuccess("pg-restore.sh", { BACKUP_ID: dumpId });
        expect(log).toContain("validation: users has 2000 rows");
        expect(await fingerprint()).toEqual(before);
        const kept = await pg.psql("SELECT datname FROM pg_database WHERE datname LIKE 'jarvis_test_before_restore_%'");
        expect(kept).toMatch(/^jarvis_test_before_restore_\d{14}$/);
        await pg.psql(`DROP DATABASE ${kept}`);
    });

    it("restores a dropped database (dump, drop, restore) identically", async () => {
        const before = await fingerprint();
        await pg.psql(`DROP DATABASE ${database} WITH (FORCE)`);
        await expectSuccess("pg-restore.sh", { BACKUP_ID: "latest" });
        expect(await fingerprint()).toEqual(before);
    });

    it("requires a backup id and lists the complete ones", async () => {
        const result = await script("pg-restore.sh", { BACKUP_ID: "" });
        expect(result.code).not.toBe(0);
        expect(result.stderr).toContain("BACKUP_ID is required");
        expect(result.stderr).toContain(dumpId);
    });

    it.each([
        ["truncated", (file: string) => fs.truncateSync(file, Math.floor(fs.statSync(file).size / 2))],
        ["corrupted", (file: string) => {
            const bytes = fs.readFileSync(file);
            bytes[Math.floor(bytes.length / 2)] ^= 0xff;
            fs.writeFileSync(file, bytes);
        }],
    ])("detects a %s dump and refuses to restore it, leaving the database untouched", async (damage, spoil) => {
        const id = `${dumpId}-${damage}`;
        fs.cpSync(path.join(backupRoot, "dumps", dumpId), path.join(backupRoot, "dumps", id), { recursive: true });
        spoil(path.join(backupRoot, "dumps", id, "postgres.dump"));
        const before = await fingerprint();
        const result = await script("pg-restore.sh", { BACKUP_ID: id });
        expect(result.code).not.toBe(0);
        expect(result.stderr).toContain("truncated or corrupted");
        expect(await fingerprint()).toEqual(before);
        const verify = await script("pg-verify.sh", { BACKUP_ID: id });
        expect(verify.code).not.toBe(0);
        expect(JSON.parse(fs.readFileSync(path.join(backupRoot, "verify", "last.json"), "utf8"))).toMatchObject({ status: "failed", backup_id: id });
        fs.rmSync(path.join(backupRoot, "dumps", id), { recursive: true });
    });

    it("never takes an incomplete (.partial) backup for a backup", async () => {
        const partial = path.join(backupRoot, "dumps", `${dumpId}-2.partial`);
        fs.cpSync(path.join(backupRoot, "dumps", dumpId), partial, { recursive: true });
        const result = await script("pg-restore.sh", { BACKUP_ID: `${dumpId}-2.partial` });
        expect(result.code).not.toBe(0);
        expect(result.stderr).toContain("not a backup id");
        const latest = await script("pg-verify.sh", {});
        expect(latest.code).toBe(0);
        expect(JSON.parse(fs.readFileSync(path.join(backupRoot, "verify", "last.json"), "utf8")).backup_id).toBe(dumpId);
        fs.rmSync(partial, { recursive: true });
    });

    it("verifies the latest dump in a scratch database and leaves nothing behind", async () => {
        const log = await expectSuccess("pg-verify.sh");
        expect(log).toContain("table users: 2000 rows, as recorded");
        expect(JSON.parse(fs.readFileSync(path.join(backupRoot, "verify", "last.json"), "utf8"))).toMatchObject({ status: "ok", backup_id: dumpId });
        expect(await pg.psql("SELECT count(*) FROM pg_database WHERE datname = 'jarvis_test_verify'")).toBe("0");
    });
});

describe("maintenance", () => {
    it("runs VACUUM ANALYZE and reindexes the main tables that exist", async () => {
        const indexBefore = await pg.psql("SELECT pg_relation_filenode('users_pkey')", database);
        const log = await expectSuccess("pg-maintenance.sh");
        expect(log).toContain("REINDEX TABLE CONCURRENTLY users");
        expect(log).toContain("table memory_vectors does not exist");
        expect(await pg.psql("SELECT pg_relation_filenode('users_pkey')", database)).not.toBe(indexBefore);
        expect(await pg.psql("SELECT last_vacuum IS NOT NULL AND last_analyze IS NOT NULL FROM pg_stat_user_tables WHERE relname = 'users'", database)).toBe("t");
    });
});

describe("base backups and point-in-time recovery", () => {
    it("keeps only the WAL that a retained base backup needs", async () => {
        // A base backup 40 days old, then today's: retention removes the old one and its WAL.
        await expectSuccess("pg-basebackup.sh", { BACKUP_CLOCK: String(Math.floor(Date.now() / 1000) - 40 * 86400) });
        const [old] = backupsOf("base");
        const oldStart = (manifest("base", old).details as { wal_start_segment: string }).wal_start_segment;
        expect(fs.existsSync(path.join(walDir, `${oldStart}.gz`))).toBe(true);
        await pg.psql("SELECT pg_switch_wal()");
        await expectSuccess("pg-basebackup.sh");
        const kept = backupsOf("base");
        expect(kept).toHaveLength(1);
        expect(kept[0]).not.toBe(old);
        const start = (manifest("base", kept[0]).details as { wal_start_segment: string }).wal_start_segment;
        const segments = fs.readdirSync(walDir).filter((name) => /^[0-9A-F]{24}\.gz$/.test(name)).map((name) => name.slice(0, 24));
        expect(segments.every((segment) => segment.slice(8) >= start.slice(8))).toBe(true);
        expect(fs.existsSync(path.join(walDir, `${oldStart}.gz`))).toBe(false);
        expect(manifest("base", kept[0]).files).toEqual(
            expect.arrayContaining([expect.objectContaining({ name: "base.tar.gz" }), expect.objectContaining({ name: "pg_wal.tar.gz" })]),
        );
    });

    it("recovers to a timestamp: keeps the writes made before it, not those after", async () => {
        await pg.psql("CREATE TABLE events (id int PRIMARY KEY, batch text NOT NULL)", database);
        await pg.psql("INSERT INTO events SELECT i, 'before' FROM generate_series(1, 100) i", database);
        await sleep(1100);
        const target = await pg.psql("SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') || '+00'");
        await sleep(1100);
        await pg.psql("INSERT INTO events SELECT i, 'after' FROM generate_series(101, 150) i", database);
        const segment = await currentSegment();
        await pg.psql("SELECT pg_switch_wal()");
        await waitUntilArchived(10_000, segment);
        await pg.stop();

        const port = await freePort();
        const log = await expectSuccess("pg-pitr.sh", { PGDATA: pg.dataDir, RECOVERY_TARGET_TIME: target, PITR_PORT: String(port) });
        expect(log).toContain("validation: users has 2000 rows");
        await pg.start();
        expect(await pg.psql("SELECT batch || ':' || count(*) FROM events GROUP BY batch ORDER BY batch", database)).toBe("before:100");
        expect(fs.readdirSync(path.dirname(pg.dataDir)).some((name) => name.startsWith("data.before-pitr-"))).toBe(true);
    });

    it("after losing the data directory, recovers every write already archived (older than the archive lag: the RPO)", async () => {
        // A base backup on the new timeline, as pg-pitr.sh advises (its checkpoint also ends the
        // checkpointer's first sleep), then writes, then the data volume is lost.
        await expectSuccess("pg-basebackup.sh");
        await pg.psql("INSERT INTO events SELECT i, 'late' FROM generate_series(1001, 1010) i", database);
        const lagMs = await waitUntilArchived((archiveTimeoutSeconds + 5) * 1000);
        expect(lagMs).toBeLessThanOrEqual((archiveTimeoutSeconds + 2) * 1000);
        await pg.psql("INSERT INTO events SELECT i, 'last' FROM generate_series(2001, 2005) i", database);
        expect(await waitUntilArchived((archiveTimeoutSeconds + 5) * 1000)).toBeLessThanOrEqual((archiveTimeoutSeconds + 2) * 1000);
        await pg.stop();
        fs.rmSync(pg.dataDir, { recursive: true, force: true });

        const log = await expectSuccess("pg-pitr.sh", { PGDATA: pg.dataDir, RECOVERY_TARGET_TIME: "latest", PITR_PORT: String(await freePort()) });
        expect(log).toContain("recovered and promoted");
        await pg.start();
        expect(await pg.psql("SELECT batch || ':' || count(*) FROM events GROUP BY batch ORDER BY batch", database)).toBe("before:100\nlast:5\nlate:10");
    });

    it("refuses a damaged base backup before touching the data directory", async () => {
        const [id] = backupsOf("base").slice(-1);
        const damaged = `${id}-damaged`;
        fs.cpSync(path.join(backupRoot, "base", id), path.join(backupRoot, "base", damaged), { recursive: true });
        fs.truncateSync(path.join(backupRoot, "base", damaged, "base.tar.gz"), 1000);
        await pg.stop();
        const before = fs.readdirSync(pg.dataDir).sort();
        const result = await script("pg-pitr.sh", { PGDATA: pg.dataDir, RECOVERY_TARGET_TIME: "latest", BACKUP_ID: damaged, PITR_PORT: String(await freePort()) });
        expect(result.code).not.toBe(0);
        expect(result.stderr).toContain("truncated or corrupted");
        expect(fs.readdirSync(pg.dataDir).sort()).toEqual(before);
        await pg.start();
        expect(await pg.psql("SELECT count(*) FROM users", database)).toBe("2000");
    });
});
