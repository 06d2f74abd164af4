/**
 * Backups of Qdrant. It has no log to archive, so its snapshots alone keep tier 2's RPO: the
 * schedule is checked against it (config/sections/backup.ts). Snapshots go through Qdrant's HTTP
 * API, are downloaded to the backup volume, checked, and deleted from Qdrant's own disk.
 */
import * as pulumi from "@pulumi/pulumi";
import { formatDuration } from "../../catalog/duration";
import { worstCaseSnapshotAgeSeconds } from "../../config/sections/backup";
import { serviceUrl } from "../definitions/common";
import { qdrantSecretName } from "../definitions/qdrant";
import { backupClaim, backupEnv, offsiteCopy, restoreSchedule, snapshotSchedule, StoreBackupArgs, storeJobDefaults } from "./common";
import { BackupSchedule, JobEnvVar, jobResources } from "./schedule";

export class QdrantBackups extends pulumi.ComponentResource {
    /** Every CronJob, by purpose. */
    readonly schedules: Readonly<Record<string, BackupSchedule>>;

    constructor(name: string, args: StoreBackupArgs, opts?: pulumi.ComponentResourceOptions) {
        super("jarvis:backup:QdrantBackups", name, {}, opts);
        const { config, definition } = args;
        const entry = definition.entry;
        const backup = config.backup.qdrant;
        const env: JobEnvVar[] = [
            ...backupEnv(config, entry, backup.keepAllHours),
            { name: "QDRANT_URL", value: serviceUrl(entry) },
            { name: "QDRANT_API_KEY", secret: { name: qdrantSecretName, key: "api-key" } },
        ];
        const defaults = storeJobDefaults(args, `snapshots on "${backup.snapshotSchedule}": newest at most ${formatDuration(worstCaseSnapshotAgeSeconds(backup.snapshotSchedule))} old`);
        const schedules: Record<string, BackupSchedule> = {};

        schedules.snapshot = snapshotSchedule(
            name,
            args,
            defaults,
            {
                description: "Snapshots every Qdrant collection through the HTTP API, downloads and checks them, deletes them from Qdrant's disk.",
                schedule: backup.snapshotSchedule,
                step: { name: "snapshot", image: config.backup.toolsImage, script: "qdrant-snapshot.sh", env, resources: jobResources.light },
                claims: [backupClaim(definition, false)],
            },
            this,
        );
        schedules.restore = restoreSchedule(
            name,
            args,
            defaults,
            {
                description: "On demand: stops the writers, uploads the snapshots of a backup (BACKUP_ID, optional COLLECTIONS) with their checksums, validates each collection, starts the writers.",
                schedule: backup.snapshotSchedule,
                restore: {
                    name: "restore",
                    image: config.backup.toolsImage,
                    script: "qdrant-restore.sh",
                    env: [...env, { name: "BACKUP_ID", value: "" }, { name: "COLLECTIONS", value: "" }],
                    resources: jobResources.light,
                },
            },
            this,
        );
        const offsite = offsiteCopy(name, args, this);
        if (offsite) schedules.offsite = offsite;
        this.schedules = schedules;
        this.registerOutputs({ schedules: Object.keys(schedules) });
    }
}
