/**
 * Retention (prune.sh, the same function every backup job runs after itself): what is older than
 * the limit goes, nothing younger does, the newest backup always stays, and leftovers of killed
 * runs are cleaned only once they are surely abandoned.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { basePath, run, runScript, scriptsDir, tempDir } from "../support/servers";

/** A fixed "now": 2025-06-15 12:00 UTC, so that day boundaries are known. */
const now = Date.UTC(2025, 5, 15, 12, 0, 0) / 1000;
const hour = 3600;
const day = 86400;
let root: string;

/** Writes a complete backup as the jobs do (begin_backup, data, finalize_backup), `age` seconds before now. */
async function backupAged(age: number): Promise<string> {
    const code = `source "${scriptsDir}/lib.sh"; begin_backup dumps; printf data > "$BACKUP_PARTIAL/postgres.dump"; finalize_backup; printf '%s' "$BACKUP_ID"`;
    const result = await run("bash", ["-euo", "pipefail", "-c", code], { env: { PATH: basePath, ...baseEnv({ BACKUP_CLOCK: String(now - age) }) } });
    if (result.code !== 0) throw new Error(result.stderr);
    return result.stdout;
}

function baseEnv(extra: Record<string, string> = {}): Record<string, string> {
    return { BACKUP_ROOT: root, BACKUP_ENVIRONMENT: "test", BACKUP_COMPONENT: "postgres", ...extra };
}

async function prune(retentionDays: number, keepAllHours: number): Promise<string> {
    const result = await runScript("prune.sh", baseEnv({ BACKUP_CLOCK: String(now), RETENTION_DAYS: String(retentionDays), KEEP_ALL_HOURS: String(keepAllHours) }), { args: ["dumps"] });
    if (result.code !== 0) throw new Error(result.stderr);
    return result.stderr;
}

const remaining = () => fs.readdirSync(path.join(root, "dumps")).sort();

beforeEach(() => {
    root = tempDir("jarvis-retention-", "root");
});

afterEach(() => {
    fs.rmSync(root, { recursive: true, force: true });
});

describe("retention", () => {
    it("removes only what is older than the limit (30 days, as the runbook)", async () => {
        const ages = [1 * day, 10 * day, 29 * day + 23 * hour, 30 * day + hour, 45 * day];
        const ids = [];
        for (const age of ages) ids.push(await backupAged(age));
        const log = await prune(30, 24 * 400);
        expect(remaining()).toEqual([ids[0], ids[1], ids[2]].sort());
        expect(log).toContain("2 dumps backup(s) removed, 3 kept");
    });

    it("never removes the newest backup, however old", async () => {
        const newest = await backupAged(40 * day);
        await backupAged(50 * day);
        await prune(30, 24);
        expect(remaining()).toEqual([newest]);
    });

    it("keeps every recent backup and one a day beyond the keep-all window", async () => {
        // now = 12:00. Recent: 11:50, 11:30. Today, older: 10:00, 09:00. Yesterday: 23:00, 22:00. Two days ago: 12:00.
        const ages = [10 * 60, 30 * 60, 2 * hour, 3 * hour, 13 * hour, 14 * hour, 2 * day];
        const ids: string[] = [];
        for (const age of ages) ids.push(await backupAged(age));
        await prune(30, 1);
        // Today is represented by the newest backup; yesterday by its last one (23:00).
        expect(remaining()).toEqual([ids[0], ids[1], ids[4], ids[6]].sort());
    });

    it("removes leftovers of killed runs only once they are a day old", async () => {
        await backupAged(hour);
        const stale = path.join(root, "dumps", "jarvis-test-postgres-dumps-20250101-000000.partial");
        const running = path.join(root, "dumps", "jarvis-test-postgres-dumps-20250615-115959.partial");
        fs.mkdirSync(stale);
        fs.mkdirSync(running);
        const old = new Date(Date.now() - 2 * day * 1000);
        fs.utimesSync(stale, old, old);
        await prune(30, 24);
        expect(fs.existsSync(stale)).toBe(false);
        expect(fs.existsSync(running)).toBe(true);
    });
});
