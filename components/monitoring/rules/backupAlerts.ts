/**
 * Backup freshness: one BackupStale alert per backed-up store, when its newest successful backup
 * is older than its tier's RPO allows, for longer than a backup run takes (the grace).
 *
 * A backup counts from either of two sources, whichever is newer:
 * - kube-state-metrics' `kube_cronjob_status_last_successful_time` of the store's backup CronJobs,
 *   matched by name (`catalog/backups.ts`): kube-state-metrics exports CronJob names by default,
 *   whereas CronJob labels need an allow-list most installs do not have;
 * - the backup's own freshness metric (`store` label), for backups no CronJob schedule can make
 *   fine enough: a CronJob-based check is only as fine as its schedule, and a 1-minute RPO needs
 *   continuous archiving (PostgreSQL WAL archiving, Redis AOF), which reports through that metric.
 * A store with no successful backup recorded at all is stale too: it has nothing to restore.
 */
import { backedUpStores, BackedUpStore, backupCronJobPattern, backupStoreLabel } from "../../../catalog/backups";
import { formatDuration } from "../../../catalog/duration";
import { catalog, objectivesOf } from "../../../catalog/services";
import { RuleContext, runbookUrl } from "./context";
import { selector } from "./promql";
import { AlertingRule, RuleGroup, Severity } from "./types";

export const backupAlertName = "BackupStale";

/** Tier 1 stores page: losing more than a minute of their data is an outage of its own. */
export function backupSeverity(store: BackedUpStore): Severity {
    return catalog[store].tier === "1" ? "critical" : "warning";
}

/** Unix time of the newest successful backup of a store, from every source. */
export function lastBackupSources(context: RuleContext, store: BackedUpStore): string {
    const namespace = { label: "namespace", value: context.namespace };
    const cronJob = selector("kube_cronjob_status_last_successful_time", [namespace, { label: "cronjob", op: "=~", value: backupCronJobPattern(store) }]);
    const own = selector(context.metrics.backupLastSuccessTimestamp, [namespace, { label: backupStoreLabel, value: store }]);
    return `${cronJob} or ${own}`;
}

export function backupStale(context: RuleContext, store: BackedUpStore): AlertingRule {
    const rpo = objectivesOf(store).rpoSeconds;
    const sources = lastBackupSources(context, store);
    const entry = catalog[store];
    return {
        alert: backupAlertName,
        expr: `(time() - max(${sources})) > ${rpo} or absent(${sources})`,
        for: formatDuration(context.backupAlertGraceSeconds),
        labels: {
            severity: backupSeverity(store),
            namespace: context.namespace,
            service: store,
            category: "maintenance",
        },
        annotations: {
            summary: `No fresh backup of ${entry.displayName}`,
            description:
                `The last successful backup of ${entry.displayName} is older than its tier-${entry.tier} RPO of ` +
                `${formatDuration(rpo)} (or none was ever recorded)`,
            action: "Check the backup CronJob's last runs and logs (kubectl get cronjobs,jobs), archiving status and backup storage",
            runbook_url: runbookUrl(context, "backup-recovery"),
        },
    };
}

export function backupAlertGroups(context: RuleContext): RuleGroup[] {
    return [{ name: "jarvis-backups", rules: backedUpStores.map((store) => backupStale(context, store)) }];
}
