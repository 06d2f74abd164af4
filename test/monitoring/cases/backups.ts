/**
 * BackupStale cases for every backed-up store: stale past its RPO (by its CronJob's last success),
 * never backed up, just inside its RPO, saved by the backup's own freshness metric, and recognised
 * under another CronJob name the naming contract accepts. Every other store is kept fresh meanwhile
 * (see `background`), so each case shows one store's alert only.
 */
import { backedUpStores, BackedUpStore, backupCronJobName, backupStoreLabel } from "../../../catalog/backups";
import { catalog, objectivesOf } from "../../../catalog/services";
import { CaseContext } from "./context";
import { AlertCase, InputSeries, seriesName } from "./types";

/** Series interval, and rule evaluation interval of these cases (the smallest interval of a file). */
const interval = 60;

function cronJobLastSuccess(ctx: CaseContext, cronjob: string, values: string): InputSeries {
    return { series: seriesName("kube_cronjob_status_last_successful_time", { namespace: ctx.namespace, cronjob }), values };
}

/** A backup that succeeds at every sample: its freshness metric follows the clock. */
export function freshBackup(ctx: CaseContext, store: BackedUpStore, intervalSeconds: number, steps: number): InputSeries {
    return {
        series: seriesName(ctx.metrics.backupLastSuccessTimestamp, { namespace: ctx.namespace, [backupStoreLabel]: store }),
        values: `0+${intervalSeconds}x${steps}`,
    };
}

export function backupCases(ctx: CaseContext): AlertCase[] {
    const grace = ctx.backupGraceSeconds;
    return backedUpStores.flatMap((store): AlertCase[] => {
        const rpo = objectivesOf(store).rpoSeconds;
        const steps = Math.ceil((rpo + grace + 600) / interval);
        const labels = {
            namespace: ctx.namespace,
            service: store,
            category: "maintenance",
            severity: catalog[store].tier === "1" ? "critical" : "warning",
        };
        const base = { alert: "BackupStale", service: store, intervalSeconds: interval };
        // time() - 0 > rpo first holds at the evaluation after the RPO.
        const stale = rpo + interval;
        const quiet = [{ atSeconds: rpo + grace + 300, firing: [] }];
        return [
            {
                ...base,
                kind: "fires",
                title: `${store}: last successful backup at time 0, older than the RPO (${rpo} s) for the grace`,
                series: [cronJobLastSuccess(ctx, backupCronJobName(store, "base"), `0x${steps}`)],
                checks: [
                    { atSeconds: stale + grace - interval, firing: [] },
                    { atSeconds: stale + grace + interval, firing: [labels] },
                ],
            },
            {
                ...base,
                kind: "fires",
                title: `${store}: no successful backup recorded`,
                series: [],
                checks: [
                    { atSeconds: grace - interval, firing: [] },
                    { atSeconds: grace + interval, firing: [labels] },
                ],
            },
            {
                ...base,
                kind: "silent",
                title: `${store}: last backup always one second inside the RPO`,
                series: [cronJobLastSuccess(ctx, backupCronJobName(store, "base"), `${-(rpo - 1)}+${interval}x${steps}`)],
                checks: quiet,
            },
            {
                ...base,
                kind: "silent",
                title: `${store}: CronJob stale, but continuous archiving reports fresh backups`,
                series: [cronJobLastSuccess(ctx, backupCronJobName(store, "base"), `0x${steps}`), freshBackup(ctx, store, interval, steps)],
                checks: quiet,
            },
            {
                ...base,
                kind: "silent",
                title: `${store}: a fresh CronJob named ${store}-wal-backup`,
                series: [cronJobLastSuccess(ctx, `${store}-wal-backup`, `0+${interval}x${steps}`)],
                checks: quiet,
            },
        ];
    });
}
