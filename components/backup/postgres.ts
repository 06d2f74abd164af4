/**
 * Backups of a PostgreSQL-family store (PostgreSQL, TimescaleDB). The RPO is kept by the server
 * itself, which archives its WAL to the backup volume (see the definition's archive settings);
 * these jobs add the base backups point-in-time recovery starts from, the logical dumps, their
 * daily verification, the runbook's maintenance, and the on-demand restore and point-in-time
 * recovery jobs.
 */
import * as pulumi from "@pulumi/pulumi";
import { formatDuration } from "../../catalog/duration";
import { ComputeResources } from "../../config/schema";
import { PostgresFamilyBackupConfig } from "../../config/sections/backup";
import { backupMountPath, walArchiveDir } from "../definitions/backupFiles";
import { postgresSecretName, worstCaseArchiveLagSeconds } from "../definitions/postgresFamily";
import { aroundRestore, backupClaim, backupEnv, dataClaim, offsiteCopy, restoreDeadlineSeconds, restoreSchedule, StoreBackupArgs, storeJobDefaults, usageOf } from "./common";
import { BackupSchedule, JobEnvVar, JobStep, jobResources, storePodSelector } from "./schedule";

export interface PostgresBackupsArgs extends StoreBackupArgs {
    /** The store's backup settings. */
    readonly backup: PostgresFamilyBackupConfig;
    /** TimescaleDB restores need timescaledb_pre_restore() / timescaledb_post_restore(). */
    readonly timescale: boolean;
}

/** Where the official image keeps the cluster (the definition's data volume and PGDATA). */
const dataMountPath = "/var/lib/postgresql/data";

export class PostgresBackups extends pulumi.ComponentResource {
    /** Every CronJob, by purpose. */
    readonly schedules: Readonly<Record<string, BackupSchedule>>;

    constructor(name: string, args: PostgresBackupsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("jarvis:backup:PostgresBackups", name, {}, opts);
        const { config, definition, backup } = args;
        const entry = definition.entry;
        const secret = postgresSecretName(entry);
        const connection: JobEnvVar[] = [
            { name: "PGHOST", value: entry.id },
            { name: "PGPORT", value: String(entry.port) },
            { name: "PGUSER", secret: { name: secret, key: "username" } },
            { name: "PGPASSWORD", secret: { name: secret, key: "password" } },
            { name: "PGDATABASE", secret: { name: secret, key: "database" } },
            { name: "MAIN_TABLES", value: backup.maintenanceTables.join(" ") },
            { name: "TIMESCALE", value: String(args.timescale) },
            { name: "WAL_ARCHIVE_DIR", value: walArchiveDir },
        ];
        const env = [...backupEnv(config, entry, backup.keepAllHours), ...connection];
        const step = (stepName: string, script: string, resources: ComputeResources, extra: JobEnvVar[] = []): JobStep => ({
            name: stepName,
            image: definition.image,
            script,
            env: [...env, ...extra],
            resources,
        });
        const defaults = storeJobDefaults(
            args,
            `continuous WAL archiving to ${walArchiveDir}: a segment switched at most every ${formatDuration(backup.archiveTimeoutSeconds)} ` +
                `(${formatDuration(worstCaseArchiveLagSeconds(backup.archiveTimeoutSeconds))} just after a restart), then compressed and stored`,
        );
        const colocated = { selector: storePodSelector(definition), required: true };
        const schedules: Record<string, BackupSchedule> = {};

        schedules.basebackup = new BackupSchedule(
            `${name}-basebackup`,
            {
                ...defaults,
                purpose: "basebackup",
                description: `pg_basebackup of ${entry.displayName}: where point-in-time recovery starts; prunes base backups and archived WAL past retention.`,
                schedule: backup.baseBackupSchedule,
                steps: [step("basebackup", "pg-basebackup.sh", jobResources.heavy)],
                claims: [backupClaim(definition, false)],
                colocate: colocated,
                activeDeadlineSeconds: 6 * 3600,
                backoffLimit: 1,
            },
            { parent: this },
        );
        schedules.dump = new BackupSchedule(
            `${name}-dump`,
            {
                ...defaults,
                purpose: "dump",
                description: `pg_dump --format=custom of ${entry.displayName} with the main tables' row counts, manifest and checksums.`,
                schedule: backup.dumpSchedule,
                steps: [step("dump", "pg-dump.sh", jobResources.heavy)],
                claims: [backupClaim(definition, false)],
                colocate: colocated,
                activeDeadlineSeconds: 6 * 3600,
                backoffLimit: 1,
            },
            { parent: this },
        );
        schedules.verify = new BackupSchedule(
            `${name}-verify`,
            {
                ...defaults,
                purpose: "verify",
                description: `Restores the latest ${entry.displayName} dump into a scratch database and checks its tables and row counts.`,
                schedule: backup.verifySchedule,
                steps: [step("verify", "pg-verify.sh", jobResources.heavy)],
                claims: [backupClaim(definition, false)],
                colocate: colocated,
                activeDeadlineSeconds: 6 * 3600,
                backoffLimit: 0,
            },
            { parent: this },
        );
        schedules.maintenance = new BackupSchedule(
            `${name}-maintenance`,
            {
                ...defaults,
                purpose: "maintenance",
                description: `The runbook's routine maintenance of ${entry.displayName}: VACUUM ANALYZE, REINDEX of the main tables.`,
                schedule: backup.maintenanceSchedule,
                steps: [step("maintenance", "pg-maintenance.sh", jobResources.light)],
                claims: [],
                activeDeadlineSeconds: 4 * 3600,
                backoffLimit: 0,
            },
            { parent: this },
        );
        schedules.restore = restoreSchedule(
            name,
            args,
            defaults,
            {
                description: `On demand: stops the writers, restores a ${entry.displayName} dump (BACKUP_ID) beside the database, validates it, swaps it in, starts the writers.`,
                schedule: backup.dumpSchedule,
                restore: step("restore", "pg-restore.sh", jobResources.heavy, [{ name: "BACKUP_ID", value: "" }]),
            },
            this,
        );
        schedules.pitr = new BackupSchedule(
            `${name}-pitr`,
            {
                ...defaults,
                purpose: "pitr",
                description:
                    `On demand: point-in-time recovery of ${entry.displayName} to RECOVERY_TARGET_TIME (or "latest") from a base backup and the WAL archive; ` +
                    "stops writers and the StatefulSet, keeps the old data directory, validates, restarts.",
                schedule: backup.baseBackupSchedule,
                suspended: true,
                usage: usageOf(`${entry.id}-pitr`, "pitr", "RECOVERY_TARGET_TIME='2025-01-31 14:05:00+00'"),
                steps: aroundRestore(
                    config,
                    entry,
                    // The recovering server is the store's own: it gets the store's resources.
                    step("pitr", "pg-pitr.sh", definition.resources, [
                        { name: "RECOVERY_TARGET_TIME", value: "" },
                        { name: "BACKUP_ID", value: "" },
                        { name: "PGDATA", value: `${dataMountPath}/pgdata` },
                    ]),
                    true,
                ),
                claims: [backupClaim(definition, false), dataClaim(definition, dataMountPath, false)],
                colocate: { ...colocated, required: false },
                serviceAccountName: args.restoreServiceAccount,
                scratchSize: "1Gi",
                activeDeadlineSeconds: restoreDeadlineSeconds(entry),
                backoffLimit: 0,
            },
            { parent: this },
        );
        const offsite = offsiteCopy(name, args, this);
        if (offsite) schedules.offsite = offsite;
        this.schedules = schedules;
        this.registerOutputs({ backups: backupMountPath, schedules: Object.keys(schedules) });
    }
}
