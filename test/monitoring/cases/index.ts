/** Every alert case, and the series every case runs with so that only the alert under test fires. */
import { backedUpStores } from "../../../catalog/backups";
import { backupCases, freshBackup } from "./backups";
import { certificateCases } from "./certificates";
import { CaseContext } from "./context";
import { escalationCases } from "./escalation";
import { runbookCases } from "./runbook";
import { sloCases } from "./slo";
import { AlertCase, InputSeries } from "./types";

export function alertCases(ctx: CaseContext): AlertCase[] {
    return [...runbookCases(ctx), ...sloCases(ctx), ...backupCases(ctx), ...certificateCases(ctx), ...escalationCases(ctx)];
}

/**
 * Fresh backups of every store (but the one a BackupStale case is about): without them, every
 * store's BackupStale would fire (nothing backed up) and, being critical for tier 1, escalate.
 */
export function background(ctx: CaseContext): (c: AlertCase) => InputSeries[] {
    return (c) => {
        const steps = Math.ceil(Math.max(...c.checks.map((check) => check.atSeconds)) / c.intervalSeconds) + 2;
        return backedUpStores
            .filter((store) => !(c.alert === "BackupStale" && c.service === store))
            .map((store) => freshBackup(ctx, store, c.intervalSeconds, steps));
    };
}

export type { CaseContext };
