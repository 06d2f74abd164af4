/**
 * The shell scripts release Jobs run. They are real files (linted and tested against real servers)
 * and are handed to the containers inline, so that a Job's spec, and its hashed name, says exactly
 * what it runs.
 */
import * as fs from "node:fs";
import * as path from "node:path";

export type ReleaseScript = "health-gate.sh" | "pre-migration-backup.sh";

/** Absolute path of a script, for tests that run it. */
export function scriptPath(script: ReleaseScript): string {
    return path.join(__dirname, "scripts", script);
}

/** The script's text. */
export function scriptText(script: ReleaseScript): string {
    return fs.readFileSync(scriptPath(script), "utf8");
}

/** A container command that runs the script with `sh` (`$0` names it in error messages). */
export function shellCommand(script: ReleaseScript): string[] {
    return ["/bin/sh", "-c", scriptText(script), script];
}
