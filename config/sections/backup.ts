/**
 * The `backup` section of a stack's configuration: schedules per store, retention, the backup
 * volumes and the off-site copy. Its checks tie schedules to the catalog's recovery point
 * objectives, so a stack whose backups cannot keep the runbook's promises does not deploy.
 */
import { z } from "zod";
import { objectivesOf } from "../../catalog/services";
import { formatDuration } from "../../catalog/duration";
import { ServiceId } from "../../catalog/types";
import { parseCron, worstCaseGapSeconds } from "../cron";

/** Validators shared with the rest of the schema (passed in: `schema.ts` imports this file). */
export interface BackupPrimitives {
    readonly quantity: z.ZodType<string>;
    readonly dnsLabel: z.ZodType<string>;
    readonly pinnedImage: z.ZodType<string>;
}

/** Retention the runbook's backup-complete.sh applies (RETENTION_DAYS=30). */
export const defaultRetentionDays = 30;

/** Image with bash, curl, jq, kubectl and the AWS CLI for the jobs no store image can run. */
export const defaultToolsImage = "alpine/k8s:1.31.4";

/**
 * How late a scheduled run may still start. Short beside the gap between runs (a tenth, at least
 * 30 s, at most 10 min) so that a late run cannot push a store beyond its recovery point objective.
 */
export function startingDeadlineSeconds(schedule: string): number {
    return Math.min(600, Math.max(30, Math.floor(worstCaseGapSeconds(schedule) / 10)));
}

/** Age of the newest snapshot just before the next one, in the worst case: the gap plus a late start. */
export function worstCaseSnapshotAgeSeconds(schedule: string): number {
    return worstCaseGapSeconds(schedule) + startingDeadlineSeconds(schedule);
}

const schedule = z.string().refine((text) => parseCron(text) !== undefined, {
    error: "a five-field cron schedule such as '*/4 * * * *' (numbers, *, ranges, steps, lists)",
});

/** A table name the maintenance job may reindex (plain or schema-qualified identifiers). */
const tableName = z.string().regex(/^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?$/, { error: "a lower-case table name such as users or public.users" });

const keepAllHours = z.int().min(1).max(24 * 366);

/**
 * Time allowed, after PostgreSQL switches segments, to compress and store the 16 MB segment. The
 * benchmark measured 60.1 s between a write and its archived segment with archive_timeout 60 s.
 */
export const archiveCopyMarginSeconds = 10;

/** A store's archive timeout: the segment must be switched and stored within its tier's RPO. */
function archiveTimeout(store: ServiceId, fallback: number) {
    const rpo = objectivesOf(store).rpoSeconds;
    const max = rpo - archiveCopyMarginSeconds;
    return z
        .int()
        .min(1)
        .max(max, {
            error: `at most ${max} s: the tier's RPO of ${formatDuration(rpo)} less ${archiveCopyMarginSeconds} s to compress and store the segment`,
        })
        .default(fallback);
}

export function backupSection({ quantity, dnsLabel, pinnedImage }: BackupPrimitives) {
    const postgresFamily = (store: ServiceId, defaults: { volumeSize: string; archiveTimeoutSeconds: number; maintenanceTables: string[] }) =>
        z.strictObject({
            /** Size of the backup volume: WAL archive, base backups and dumps. */
            volumeSize: quantity.default(defaults.volumeSize),
            /** Forces a WAL segment switch (and so an archive) at least this often; at most the tier's RPO. */
            archiveTimeoutSeconds: archiveTimeout(store, defaults.archiveTimeoutSeconds),
            /** pg_basebackup: the starting point of point-in-time recovery. */
            baseBackupSchedule: schedule.default("15 1 * * *"),
            /** pg_dump --format=custom: the logical copy the restore job and the verification use. */
            dumpSchedule: schedule.default("45 1 * * *"),
            /** Restores the latest dump into a scratch database and checks it. */
            verifySchedule: schedule.default("30 4 * * *"),
            /** The runbook's routine maintenance: VACUUM ANALYZE and REINDEX of the main tables. */
            maintenanceSchedule: schedule.default("0 3 * * 0"),
            /** Main tables: reindexed by maintenance, counted in every dump's manifest and checked after a restore. */
            maintenanceTables: z.array(tableName).default(defaults.maintenanceTables),
            /** Backups younger than this are all kept; older ones are thinned to one a day. */
            keepAllHours: keepAllHours.default(24),
        });

    const snapshotStore = (defaults: { volumeSize: string; snapshotSchedule: string }) =>
        z.strictObject({
            /** Size of the backup volume holding the snapshots. */
            volumeSize: quantity.default(defaults.volumeSize),
            /** When snapshots are taken. */
            snapshotSchedule: schedule.default(defaults.snapshotSchedule),
            /** Snapshots younger than this are all kept; older ones are thinned to one a day. */
            keepAllHours: keepAllHours.default(1),
        });

    const offsite = z.strictObject({
        /** S3-compatible endpoint URL (AWS, MinIO, Ceph, Scaleway, OVH...). */
        endpoint: z.url({ protocol: /^https?$/, error: "an http(s) URL of an S3-compatible endpoint" }),
        /** Bucket receiving the copies; expire objects with a lifecycle rule matching retentionDays. */
        bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { error: "an S3 bucket name" }),
        /** Region of the bucket. */
        region: z.string().min(1).default("us-east-1"),
        /** Key prefix inside the bucket; copies land under <prefix>/<environment>/<store>/. */
        prefix: z.string().regex(/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/, { error: "a key prefix such as jarvis or backups/jarvis" }).default("jarvis"),
        /** Secret holding AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY for the copy jobs. */
        credentialsSecret: dnsLabel.default("backup-offsite-credentials"),
    });

    return z
        .strictObject({
            /** Days a backup is kept (the runbook's RETENTION_DAYS). */
            retentionDays: z.int().min(1).max(3650).default(defaultRetentionDays),
            /** Image of the jobs that need curl, jq, kubectl or the AWS CLI (Qdrant, off-site copy, stopping writers). */
            toolsImage: pinnedImage.default(defaultToolsImage),
            postgres: postgresFamily("postgres", {
                volumeSize: "50Gi",
                archiveTimeoutSeconds: 50,
                maintenanceTables: ["users", "conversations", "memory_vectors"],
            }).prefault({}),
            timescale: postgresFamily("timescale", { volumeSize: "20Gi", archiveTimeoutSeconds: 300, maintenanceTables: [] }).prefault({}),
            redis: snapshotStore({ volumeSize: "20Gi", snapshotSchedule: "* * * * *" }).prefault({}),
            qdrant: snapshotStore({ volumeSize: "50Gi", snapshotSchedule: "*/4 * * * *" }).prefault({}),
            /** Off-site copy to S3-compatible object storage; required in production. */
            offsite: offsite.optional(),
        })
        .superRefine((backup, ctx) => {
            // Qdrant has no continuous log to archive: its snapshots alone must keep tier 2's RPO.
            const rpo = objectivesOf("qdrant").rpoSeconds;
            const age = worstCaseSnapshotAgeSeconds(backup.qdrant.snapshotSchedule);
            if (age > rpo) {
                ctx.addIssue({
                    code: "custom",
                    path: ["qdrant", "snapshotSchedule"],
                    message:
                        `the newest snapshot can be ${age} s old (gap between runs plus a late start), ` +
                        `beyond the tier's RPO of ${formatDuration(rpo)}: schedule snapshots more often`,
                });
            }
        });
}

export type BackupConfig = z.output<ReturnType<typeof backupSection>>;
export type PostgresFamilyBackupConfig = BackupConfig["postgres"];
export type SnapshotStoreBackupConfig = BackupConfig["redis"];
export type OffsiteConfig = NonNullable<BackupConfig["offsite"]>;

/** Credential keys of the off-site copy (top-level keys, read as Pulumi secrets). */
export const offsiteCredentialKeys = ["backupS3AccessKeyId", "backupS3SecretAccessKey"] as const;

interface IssueSink {
    addIssue(issue: { code: "custom"; path: (string | number)[]; message: string }): void;
}

/** Stack-wide rules of the backup section: production keeps an off-site copy; credentials come in pairs. */
export function checkBackupConfig(
    config: { environment: string; backup: BackupConfig; backupS3AccessKeyId?: string; backupS3SecretAccessKey?: string },
    ctx: IssueSink,
): void {
    if (config.environment === "production" && !config.backup.offsite) {
        ctx.addIssue({
            code: "custom",
            path: ["backup", "offsite"],
            message: "production keeps an off-site copy of every backup: set jarvis:backup.offsite (endpoint, bucket)",
        });
    }
    const given = offsiteCredentialKeys.filter((key) => config[key] !== undefined);
    if (given.length === 1) {
        const missing = offsiteCredentialKeys.find((key) => config[key] === undefined) ?? offsiteCredentialKeys[1];
        ctx.addIssue({ code: "custom", path: [missing], message: `set together with ${given[0]} (pulumi config set --secret jarvis:${missing})` });
    }
    if (given.length > 0 && !config.backup.offsite) {
        ctx.addIssue({ code: "custom", path: ["backup", "offsite"], message: "off-site credentials are set but jarvis:backup.offsite is not" });
    }
}
