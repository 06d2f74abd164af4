/**
 * The shell scripts platform containers run: the release Jobs' (handed to the containers inline, so
 * that a Job's spec, and its hashed name, says exactly what it runs) and the PostgreSQL family's
 * replication setup (shipped in a ConfigMap). They are real files, linted and tested against real
 * servers.
 */
import * as fs from "node:fs";
import * as path from "node:path";

export type ReleaseScript = "health-gate.sh" | "pre-migration-backup.sh";
/** Prepares a PostgreSQL-family pod as the primary or a hot standby (definitions/postgresReplication.ts). */
export type ReplicationScript = "postgres-replication.sh";
export type PlatformScript = ReleaseScript | ReplicationScript;

/** Absolute path of a script, for tests that run it. */
export function scriptPath(script: PlatformScript): string {
    return path.join(__dirname, "scripts", script);
}

/** The script's text. */
export function scriptText(script: PlatformScript): string {
    return fs.readFileSync(scriptPath(script), "utf8");
}

/** A container command that runs the script with `sh` (`$0` names it in error messages). */
export function shellCommand(script: ReleaseScript): string[] {
    return ["/bin/sh", "-c", scriptText(script), script];
}
