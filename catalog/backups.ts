/**
 * What is backed up, and the names backups run under. This is the one place the monitoring rules and
 * the backup CronJobs agree on: a backup CronJob named by `backupCronJobName` is recognised by
 * `backupCronJobPattern`, and a backup that publishes its own freshness metric labels it with
 * `backupStoreLabel`.
 */
import { ServiceId } from "./types";

/** The stateful stores whose data must survive a disaster (Ollama's models can be pulled again). */
export const backedUpStores = ["postgres", "redis", "qdrant", "timescale"] as const satisfies readonly ServiceId[];
export type BackedUpStore = (typeof backedUpStores)[number];

/**
 * Name of a store's backup CronJob: `<store>-backup-<kind>` (`postgres-backup-base`,
 * `redis-backup-snapshot`). `kind` tells apart several schedules of one store.
 */
export function backupCronJobName(store: BackedUpStore, kind: string): string {
    return `${store}-backup-${kind}`;
}

/**
 * Regular expression (Prometheus' fully anchored RE2) matching every backup CronJob of a store:
 * the names above, and also `<store>-<anything>-backup[-<anything>]`, so a CronJob named
 * `postgres-wal-backup` still counts. It never matches another store's CronJobs: every name starts
 * with the store's id and a dash, and no store id is a prefix of another's followed by a dash.
 */
export function backupCronJobPattern(store: BackedUpStore): string {
    return `${store}-(.+-)?backup(-.+)?`;
}

/** Label of the backup's own freshness metric that names the store (`store="postgres"`). */
export const backupStoreLabel = "store";
