/**
 * Backup benchmark (`npm run bench:backup`, not part of the tests): on a real PostgreSQL server
 * configured as the program configures it (production archive timeout), generates a database of a
 * few hundred MB, then measures
 *   - the WAL archive lag of a write (the RPO): just after the server started, and in steady state;
 *   - pg_dump and restore throughput through the real scripts (median of 3 runs), and a base backup;
 * and prints, for each tier, the largest database that restores within its RTO at that rate.
 *
 * Options: --rows <conversations> (default 1500000, about 350 MB), --runs <n> (3), --skip-lag.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { formatDuration } from "../catalog/duration";
import { tiers } from "../catalog/services";
import { Tier } from "../catalog/types";
import { postgresHbaConf, walArchivingSettings } from "../components/definitions/postgresFamily";
import { parseConfig } from "../config/load";
import { pgOsUser, PostgresServer, runScript, scriptsDir, startPostgres, tempDir, waitFor } from "../test/support/servers";
import { readStackFile } from "./stackFile";

const database = "jarvis_bench";
const mb = 1024 * 1024;

interface Options {
    readonly rows: number;
    readonly runs: number;
    readonly skipLag: boolean;
}

function options(argv: string[]): Options {
    const value = (flag: string, fallback: number) => {
        const index = argv.indexOf(flag);
        return index >= 0 ? Number(argv[index + 1]) : fallback;
    };
    return { rows: value("--rows", 1_500_000), runs: value("--runs", 3), skipLag: argv.includes("--skip-lag") };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function timed(what: string, action: () => Promise<void>): Promise<number> {
    const started = process.hrtime.bigint();
    await action();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    console.log(`  ${what}: ${seconds.toFixed(2)} s`);
    return seconds;
}

/** Seconds between a committed write and its WAL segment in the archive. */
async function archiveLag(pg: PostgresServer, walDir: string): Promise<number> {
    await pg.psql(`INSERT INTO users VALUES (-${Date.now()}, 'lag-${Date.now()}@bench', now())`, database);
    const segment = await pg.psql("SELECT pg_walfile_name(pg_current_wal_insert_lsn())");
    const started = Date.now();
    await waitFor(`${segment} archived`, async () => (fs.existsSync(path.join(walDir, `${segment}.gz`)) ? true : undefined), 300_000, 100);
    return (Date.now() - started) / 1000;
}

async function generate(pg: PostgresServer, rows: number): Promise<void> {
    await pg.psql(
        `CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, created_at timestamptz NOT NULL);
         CREATE TABLE conversations (id bigint PRIMARY KEY, user_id bigint NOT NULL, body text NOT NULL, created_at timestamptz NOT NULL);
         CREATE TABLE memory_vectors (id bigint PRIMARY KEY, conversation_id bigint NOT NULL, embedding real[] NOT NULL);
         INSERT INTO users SELECT i, 'user' || i || '@jarvis.test', now() - i * interval '1 minute' FROM generate_series(1, 100000) i;
         INSERT INTO conversations
             SELECT i, 1 + i % 100000, repeat(md5(i::text), 3) || ' ' || md5(random()::text) || md5(random()::text), now() - i * interval '1 second'
             FROM generate_series(1, ${rows}) i;
         INSERT INTO memory_vectors
             SELECT i, i, array(SELECT random()::real FROM generate_series(1, 64) WHERE i > 0)
             FROM generate_series(1, ${Math.floor(rows / 10)}) i;
         CREATE INDEX ON conversations (user_id);
         ANALYZE;`,
        database,
    );
}

async function main(argv: string[]): Promise<void> {
    const opts = options(argv);
    const production = parseConfig(
        Object.fromEntries(
            Object.entries(readStackFile("production").config).map(([key, raw]) => [key.replace(/^jarvis:/, ""), /^\s*[[{]|^(true|false)$/.test(raw) ? JSON.parse(raw) : raw]),
        ),
    );
    const archiveTimeoutSeconds = production.backup.postgres.archiveTimeoutSeconds;
    const backupRoot = tempDir("jarvis-bench-backups-");
    const walDir = path.join(backupRoot, "wal");
    console.log(`starting PostgreSQL with the production archive settings (archive_timeout ${archiveTimeoutSeconds} s)`);
    const pg = await startPostgres({
        settings: { ...walArchivingSettings({ scriptsDir, archiveTimeoutSeconds }), shared_buffers: "256MB", max_wal_size: "2GB" },
        hba: postgresHbaConf,
        serverEnv: { WAL_ARCHIVE_DIR: walDir },
        database,
    });
    const env = {
        ...pg.env,
        PGDATABASE: database,
        BACKUP_ROOT: backupRoot,
        BACKUP_ENVIRONMENT: "bench",
        BACKUP_COMPONENT: "postgres",
        MAIN_TABLES: "users conversations memory_vectors",
        WAL_ARCHIVE_DIR: walDir,
        PG_RESTORE_JOBS: "2",
    };
    const script = async (name: string, extra: Record<string, string> = {}) => {
        const result = await runScript(name, { ...env, ...extra }, { user: pgOsUser, timeoutMs: 3_600_000 });
        if (result.code !== 0) throw new Error(`${name} failed:\n${result.stderr}`);
    };
    try {
        await pg.psql("CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL, created_at timestamptz NOT NULL)", database);
        const lags: { afterStart?: number; steady?: number } = {};
        if (!opts.skipLag) {
            console.log("archive lag of a write just after the server started:");
            lags.afterStart = await archiveLag(pg, walDir);
            console.log(`  ${lags.afterStart.toFixed(1)} s`);
        }
        await pg.psql("DROP TABLE users", database);
        console.log(`generating ${opts.rows} conversations...`);
        await timed("generation", () => generate(pg, opts.rows));
        const sizeBytes = Number(await pg.psql(`SELECT pg_database_size('${database}')`));
        console.log(`database size: ${(sizeBytes / mb).toFixed(0)} MB`);
        if (!opts.skipLag) {
            console.log("archive lag of a write in steady state:");
            lags.steady = await archiveLag(pg, walDir);
            console.log(`  ${lags.steady.toFixed(1)} s`);
        }

        console.log(`pg-dump.sh x${opts.runs}:`);
        const dumps: number[] = [];
        for (let run = 0; run < opts.runs; run++) {
            dumps.push(await timed(`dump ${run + 1}`, () => script("pg-dump.sh")));
            await new Promise((resolve) => setTimeout(resolve, 1100)); // backup ids have a one-second resolution
        }
        const latest = fs.readdirSync(path.join(backupRoot, "dumps")).filter((n) => !n.endsWith(".partial")).sort().pop() ?? "";
        const dumpBytes = fs.statSync(path.join(backupRoot, "dumps", latest, "postgres.dump")).size;

        console.log(`pg-restore.sh x${opts.runs} (checksums, restore beside, row counts, swap):`);
        const restores: number[] = [];
        for (let run = 0; run < opts.runs; run++) {
            restores.push(await timed(`restore ${run + 1}`, () => script("pg-restore.sh", { BACKUP_ID: latest })));
            const kept = await pg.psql(`SELECT datname FROM pg_database WHERE datname LIKE '${database}_before_restore_%'`);
            for (const name of kept.split("\n").filter(Boolean)) await pg.psql(`DROP DATABASE ${name}`);
        }
        console.log("pg-basebackup.sh x1:");
        const base = await timed("base backup", () => script("pg-basebackup.sh"));
        // Physical restore: the data volume is lost, point-in-time recovery replays to the end of the archive.
        console.log("pg-pitr.sh x1 (RECOVERY_TARGET_TIME=latest, after losing the data directory):");
        const rowsBefore = await pg.psql("SELECT count(*) FROM conversations", database);
        await pg.stop();
        fs.rmSync(pg.dataDir, { recursive: true, force: true });
        const pitr = await timed("point-in-time recovery", () =>
            script("pg-pitr.sh", { PGDATA: pg.dataDir, RECOVERY_TARGET_TIME: "latest", PITR_PORT: String(pg.port) }),
        );
        await pg.start();
        if ((await pg.psql("SELECT count(*) FROM conversations", database)) !== rowsBefore) throw new Error("point-in-time recovery lost rows");

        const dumpRate = sizeBytes / mb / median(dumps);
        const restoreRate = sizeBytes / mb / median(restores);
        const baseRate = sizeBytes / mb / base;
        const pitrRate = sizeBytes / mb / pitr;
        console.log("\nresults");
        if (lags.afterStart !== undefined && lags.steady !== undefined) {
            console.log(`  WAL archive lag (RPO of PostgreSQL): ${lags.steady.toFixed(1)} s steady, ${lags.afterStart.toFixed(1)} s just after a start (archive_timeout ${archiveTimeoutSeconds} s)`);
        }
        console.log(`  database ${(sizeBytes / mb).toFixed(0)} MB, dump ${(dumpBytes / mb).toFixed(0)} MB`);
        console.log(`  dump:        median ${median(dumps).toFixed(2)} s = ${dumpRate.toFixed(1)} MB/s of database`);
        console.log(`  restore:     median ${median(restores).toFixed(2)} s = ${restoreRate.toFixed(1)} MB/s of database`);
        console.log(`  base backup: ${base.toFixed(2)} s = ${baseRate.toFixed(1)} MB/s`);
        console.log(`  point-in-time recovery (physical restore): ${pitr.toFixed(2)} s = ${pitrRate.toFixed(1)} MB/s of database`);
        console.log("\nlargest database restorable within each tier's RTO at the measured rates (fixed overheads such as scheduling not included):");
        const rows = (["1", "2", "3", "monitoring"] as Tier[]).map((tier) => {
            const rto = tiers[tier].rtoSeconds;
            const gb = (rate: number) => ((rate * rto) / 1024).toFixed(1).padStart(6);
            return (
                `  tier ${tier.padEnd(10)} RTO ${formatDuration(rto).padEnd(4)} dump restore ${gb(restoreRate)} GB, point-in-time ${gb(pitrRate)} GB;` +
                ` this ${(sizeBytes / mb).toFixed(0)} MB database: headroom ${(rto - median(restores)).toFixed(0)} s (dump), ${(rto - pitr).toFixed(0)} s (point-in-time)`
            );
        });
        console.log(rows.join("\n"));
        const configured = production.services.postgres.storage.size;
        const fullMinutes = (rate: number) => ((Number.parseFloat(configured) * 1024) / rate / 60).toFixed(0);
        console.log(`  (production PostgreSQL volume: ${configured}; a full volume needs ${fullMinutes(restoreRate)} min from a dump, ${fullMinutes(pitrRate)} min point-in-time)`);
    } finally {
        await pg.destroy();
        fs.rmSync(backupRoot, { recursive: true, force: true });
    }
}

main(process.argv.slice(2)).then(
    () => process.exit(0),
    (error: unknown) => {
        console.error(error);
        process.exit(1);
    },
);
