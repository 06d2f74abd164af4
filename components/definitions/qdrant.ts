/** Qdrant, the tier-2 vector store behind the assistant's memory. */
import { formatDuration } from "../../catalog/duration";
import { catalog, objectivesOf } from "../../catalog/services";
import { JarvisConfig } from "../../config/load";
import { startingDeadlineSeconds, worstCaseSnapshotAgeSeconds } from "../../config/sections/backup";
import { backupVolume } from "./backupFiles";
import { persistentVolume, probesFor, scratchVolume } from "./common";
import { ServiceDefinition } from "./types";

/** Annotation that discloses why scheduled snapshots stand in for continuous archiving (read by the policy pack). */
export const scheduledBackupReasonAnnotation = "jarvis.io/scheduled-backup-reason";

export const qdrantSecretName = "qdrant-credentials";
/** gRPC port beside the catalog's HTTP port. */
export const qdrantGrpcPort = 6334;

export function qdrantDefinition(config: JarvisConfig): ServiceDefinition {
    const entry = catalog.qdrant;
    const service = config.services.qdrant;
    const schedule = config.backup.qdrant.snapshotSchedule;
    return {
        entry,
        image: service.image,
        replicas: service.replicas,
        ports: [
            { name: "http", port: entry.port },
            { name: "grpc", port: qdrantGrpcPort },
        ],
        env: [
            { name: "QDRANT__SERVICE__HTTP_PORT", value: String(entry.port) },
            { name: "QDRANT__SERVICE__GRPC_PORT", value: String(qdrantGrpcPort) },
            { name: "QDRANT__SERVICE__API_KEY", secret: { name: qdrantSecretName, key: "api-key" } },
            { name: "QDRANT__STORAGE__STORAGE_PATH", value: "/qdrant/storage" },
            { name: "QDRANT__STORAGE__SNAPSHOTS_PATH", value: "/qdrant/storage/snapshots" },
            // Qdrant marks its first start with a file in its working directory; keep it off the read-only root.
            { name: "QDRANT_INIT_FILE_PATH", value: "/tmp/.qdrant-initialized" },
        ],
        // /readyz and /livez answer without the API key.
        probes: {
            ...probesFor(entry),
            liveness: { ...probesFor(entry).liveness, action: { httpGet: { path: "/livez", port: entry.port } } },
        },
        volumes: [
            persistentVolume(config, service.storage, "storage", "/qdrant/storage"),
            // Holds the snapshots the snapshot jobs download, on this pod's node (read-only here).
            backupVolume({ size: config.backup.qdrant.volumeSize, storageClass: service.storage.storageClass ?? config.storageClass, readOnly: true }),
            scratchVolume("tmp", "/tmp", "1Gi"),
        ],
        resources: service.resources ?? {
            requests: { cpu: "250m", memory: "512Mi" },
            limits: { cpu: "2", memory: "4Gi" },
        },
        // The `-unprivileged` image variant runs as uid 1000.
        runAs: { user: 1000, group: 1000, readOnlyRootFilesystem: true },
        credentials: { secretName: qdrantSecretName, generated: ["api-key"] },
        terminationGracePeriodSeconds: 30,
        // Auditors see why this store, alone among those with an RPO under 15 minutes, relies on a schedule.
        annotations: {
            [scheduledBackupReasonAnnotation]:
                `Qdrant has no write-ahead log to ship elsewhere; its API snapshots run on '${schedule}' ` +
                `and a late run starts within ${startingDeadlineSeconds(schedule)} s, so the newest snapshot is at most ` +
                `${formatDuration(worstCaseSnapshotAgeSeconds(schedule))} old (RPO ${formatDuration(objectivesOf("qdrant").rpoSeconds)})`,
        },
    };
}
