/**
 * The Redis snapshot and restore scripts against a real redis-server started with the program's
 * durability settings (AOF, appendfsync everysec, a password).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, RedisServer, runScript, startRedis, tempDir } from "../support/servers";

let redis: RedisServer;
let backupRoot: string;

function env(extra: Record<string, string> = {}): Record<string, string> {
    return {
        ...redis.env,
        REDIS_DATA_DIR: redis.dir,
        BACKUP_ROOT: backupRoot,
        BACKUP_ENVIRONMENT: "test",
        BACKUP_COMPONENT: "redis",
        ...extra,
    };
}

/** Every key of every database with its type, value and whether it expires: equal means identical data. */
async function contents(): Promise<string[]> {
    const lines: string[] = [];
    for (const db of ["0", "3"]) {
        const keys = (await redis.cli("-n", db, "--no-raw", "--scan")).split("\n").filter(Boolean).sort();
        for (const quoted of keys) {
            const key = JSON.parse(quoted.replace(/\\x([0-9a-f]{2})/g, "\\u00$1")) as string;
            const type = await redis.cli("-n", db, "TYPE", key);
            const read: Record<string, string[]> = {
                string: ["GET", key],
                hash: ["HGETALL", key],
                list: ["LRANGE", key, "0", "-1"],
                set: ["SMEMBERS", key],
                zset: ["ZRANGE", key, "0", "-1", "WITHSCORES"],
            };
            const value = (await redis.cli("-n", db, "--no-raw", ...read[type])).split("\n");
            const sortedValue = type === "set" || type === "hash" ? [...value].sort() : value;
            const expires = Number(await redis.cli("-n", db, "TTL", key)) > 0;
            lines.push(`${db} ${quoted} ${type} ${JSON.stringify(sortedValue)} expires=${expires}`);
        }
    }
    return lines;
}

function snapshots(): string[] {
    const dir = path.join(backupRoot, "snapshots");
    return fs.existsSync(dir) ? fs.readdirSync(dir).filter((name) => !name.endsWith(".partial")).sort() : [];
}

beforeAll(async () => {
    backupRoot = tempDir("jarvis-redis-backups-", "root");
    redis = await startRedis();
    await redis.cli("SET", "session:42", "alice");
    await redis.cli("SET", "key with spaces", "v");
    await redis.cli("SET", "line\nbreak", 'quote " and \\ backslash');
    await redis.cli("SET", "expiring", "soon", "EX", "3600");
    await redis.cli("HSET", "user:1", "name", "Alice", "lang", "fr");
    await redis.cli("RPUSH", "queue", "a", "b", "c");
    await redis.cli("SADD", "tags", "x", "y");
    await redis.cli("ZADD", "scores", "1", "one", "2.5", "two");
    await redis.cli("-n", "3", "SET", "other-db", "3");
    for (let batch = 0; batch < 1; batch++) {
        const args = Array.from({ length: 100 }, (_, i) => [`bulk:${batch * 100 + i}`, `value-${i}`]).flat();
        await redis.cli("MSET", ...args);
    }
});

afterAll(async () => {
    await redis?.destroy();
    if (backupRoot) fs.rmSync(backupRoot, { recursive: true, force: true });
});

describe("Redis snapshots", () => {
    it("runs with AOF and fsync every second, as the program configures it", async () => {
        expect(await redis.cli("CONFIG", "GET", "appendonly")).toBe("appendonly\nyes");
        expect(await redis.cli("CONFIG", "GET", "appendfsync")).toBe("appendfsync\neverysec");
    });

    it("snapshot, flush, restore gives identical keys and values", async () => {
        const before = await contents();
        expect(before.length).toBe(109);
        const lastSaveBefore = Number(await redis.cli("LASTSAVE"));
        const snapshot = await runScript("redis-snapshot.sh", env());
        expect(snapshot.code, snapshot.stderr).toBe(0);
        expect(Number(await redis.cli("LASTSAVE"))).toBeGreaterThan(lastSaveBefore);
        const [id] = snapshots();
        const manifest = JSON.parse(fs.readFileSync(path.join(backupRoot, "snapshots", id, "manifest.json"), "utf8")) as Record<string, unknown>;
        expect(manifest).toMatchObject({ backup_id: id, component: "redis", backup_type: "snapshots", details: { keyspace: { db0: 108, db3: 1 } } });

        await redis.cli("FLUSHALL");
        await redis.cli("SET", "written-after-the-snapshot", "1");
        expect(await redis.cli("DBSIZE")).toBe("1");

        const restore = await runScript("redis-restore.sh", env({ BACKUP_ID: id, RESTORE_TEMP_PORT: String(await freePort()), MIGRATE_BATCH: "32" }));
        expect(restore.code, restore.stderr).toBe(0);
        expect(restore.stderr).toContain("database 0: 108 keys restored");
        expect(await contents()).toEqual(before);
    });

    it("detects a truncated or corrupted snapshot and refuses to restore it", async () => {
        const [id] = snapshots();
        const before = await contents();
        for (const [damage, spoil] of [
            ["truncated", (file: string) => fs.truncateSync(file, Math.floor(fs.statSync(file).size / 2))],
            ["corrupted", (file: string) => {
                const bytes = fs.readFileSync(file);
                bytes[Math.floor(bytes.length / 2)] ^= 0xff;
                fs.writeFileSync(file, bytes);
            }],
        ] as const) {
            const damaged = `${id}-${damage}`;
            fs.cpSync(path.join(backupRoot, "snapshots", id), path.join(backupRoot, "snapshots", damaged), { recursive: true });
            spoil(path.join(backupRoot, "snapshots", damaged, "redis.rdb"));
            const result = await runScript("redis-restore.sh", env({ BACKUP_ID: damaged, RESTORE_TEMP_PORT: String(await freePort()) }));
            expect(result.code).not.toBe(0);
            expect(result.stderr).toContain("truncated or corrupted");
            fs.rmSync(path.join(backupRoot, "snapshots", damaged), { recursive: true });
        }
        expect(await contents()).toEqual(before);
    });

    it("fails, leaving no partial snapshot, when the data directory is not mounted", async () => {
        const count = snapshots().length;
        const result = await runScript("redis-snapshot.sh", env({ REDIS_DATA_DIR: path.join(backupRoot, "missing") }));
        expect(result.code).not.toBe(0);
        expect(snapshots()).toHaveLength(count);
        expect(fs.readdirSync(path.join(backupRoot, "snapshots")).some((name) => name.endsWith(".partial"))).toBe(false);
    });
});
