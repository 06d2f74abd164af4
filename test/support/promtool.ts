/** Test support: run promtool (Debian package `prometheus`) on files in a fresh temporary folder. */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export interface PromtoolResult {
    /** Exit status; -1 when promtool could not run at all. */
    readonly code: number;
    /** stdout and stderr together, as promtool reports on both. */
    readonly output: string;
}

export function promtool(args: readonly string[], cwd?: string): PromtoolResult {
    const run = spawnSync("promtool", [...args], { cwd, encoding: "utf8", timeout: 120_000 });
    if (run.error) return { code: -1, output: String(run.error) };
    return { code: run.status ?? -1, output: `${run.stdout}${run.stderr}` };
}

/** A new temporary folder; removed by the caller with `fs.rmSync(dir, { recursive: true })`. */
export function tempDir(prefix: string): string {
    return fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
}
