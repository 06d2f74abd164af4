/**
 * Backups of Redis. The RPO is kept by the server's append-only file (appendfsync everysec: at
 * most a second of writes lost with the pod or node); these jobs take the RDB snapshots kept apart
 * from it (BGSAVE, LASTSAVE, copy, check, checksum), copy them off site, and restore on demand.
 */
import * as pulumi from "@pulumi/pulumi";
import { redisSecretName } from "../definitions/redis";
import { backupClaim, backupEnv, dataClaim, offsiteCopy, restoreSchedule, snapshotSchedule, StoreBackupArgs, storeJobDefaults } from "./common";
import { BackupSchedule, JobEnvVar, jobResources } from "./schedule";

/** Where the Redis pod keeps its data (the definition's data volume). */
const dataMountPath = "/data";

export class RedisBackups extends pulumi.ComponentResource {
    /** Every CronJob, by purpose. */
    readonly schedules: Readonly<Record<string, BackupSchedule>>;

    constructor(name: string, args: StoreBackupArgs, opts?: pulumi.ComponentResourceOptions) {
        super("jarvis:backup:RedisBackups", name, {}, opts);
        const { config, definition } = args;
        const entry = definition.entry;
        const backup = config.backup.redis;
        const env: JobEnvVar[] = [
            ...backupEnv(config, entry, backup.keepAllHours),
            { name: "REDIS_HOST", value: entry.id },
            { name: "REDIS_PORT", value: String(entry.port) },
            { name: "REDISCLI_AUTH", secret: { name: redisSecretName, key: "password" } },
            { name: "REDIS_DATA_DIR", value: dataMountPath },
        ];
        const defaults = storeJobDefaults(args, "append-only file with appendfsync everysec (at most 1 s of writes)");
        const schedules: Record<string, BackupSchedule> = {};

        schedules.snapshot = snapshotSchedule(
            name,
            args,
            defaults,
            {
                description: "RDB snapshot of Redis: BGSAVE, wait for LASTSAVE to change, copy from the data volume, redis-check-rdb, checksum.",
                schedule: backup.snapshotSchedule,
                step: { name: "snapshot", image: definition.image, script: "redis-snapshot.sh", env, resources: jobResources.light },
                // The data claim is read-only here: the job copies the RDB, the server alone writes it.
                claims: [backupClaim(definition, false), dataClaim(definition, dataMountPath, true)],
            },
            this,
        );
        schedules.restore = restoreSchedule(
            name,
            args,
            defaults,
            {
                description: "On demand: stops the writers, loads a snapshot (BACKUP_ID) in a private server and MIGRATEs its keys into Redis after FLUSHALL, checks key counts, starts the writers.",
                schedule: backup.snapshotSchedule,
                // The private server holds the whole dataset: it gets the store's own resources and room for it.
                restore: { name: "restore", image: definition.image, script: "redis-restore.sh", env: [...env, { name: "BACKUP_ID", value: "" }], resources: definition.resources },
                scratchSize: definition.resources.limits.memory,
            },
            this,
        );
        const offsite = offsiteCopy(name, args, this);
        if (offsite) schedules.offsite = offsite;
        this.schedules = schedules;
        this.registerOutputs({ schedules: Object.keys(schedules) });
    }
}
