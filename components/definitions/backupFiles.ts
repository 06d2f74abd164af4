/**
 * Where backups live in every store's pods and jobs, and the backup scripts read from the
 * repository (`backup/scripts/`): the same files the tests run against real servers.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { VolumeDefinition } from "./types";

/** Mount path of a store's backup volume. */
export const backupMountPath = "/backups";
/** Continuous WAL archive of a PostgreSQL-family store, on its backup volume. */
export const walArchiveDir = `${backupMountPath}/wal`;
/** Mount path of the backup scripts. */
export const backupScriptsMountPath = "/opt/jarvis/backup";
/** Name of the backup volume (and of its claim template: backup-<store>-0). */
export const backupVolumeName = "backup";

export const backupScriptsDir = path.resolve(__dirname, "../../backup/scripts");

/** The scripts, by file name; every `.sh` file of the folder when no names are given. */
export function backupScripts(names?: readonly string[]): Record<string, string> {
    const chosen = names ?? fs.readdirSync(backupScriptsDir).filter((name) => name.endsWith(".sh")).sort();
    return Object.fromEntries(chosen.map((name) => [name, fs.readFileSync(path.join(backupScriptsDir, name), "utf8")]));
}

/**
 * A store's backup volume: a claim of its own beside the data claim (losing one never loses both),
 * in the store's storage class. Mounted read-only where only the backup jobs write it.
 */
export function backupVolume(options: { size: string; storageClass: string; readOnly: boolean }): VolumeDefinition {
    return {
        kind: "persistent",
        name: backupVolumeName,
        mountPath: backupMountPath,
        size: options.size,
        storageClass: options.storageClass,
        ...(options.readOnly ? { readOnly: true } : {}),
    };
}
