/** Redis, the tier-1 cache and session store, durable through its append-only file. */
import { catalog } from "../../catalog/services";
import { JarvisConfig } from "../../config/load";
import { backupVolume } from "./backupFiles";
import { persistentVolume, probesFor, scratchVolume } from "./common";
import { ServiceDefinition } from "./types";

export const redisSecretName = "redis-credentials";

export function redisDefinition(config: JarvisConfig): ServiceDefinition {
    const entry = catalog.redis;
    const service = config.services.redis;
    const password = { name: redisSecretName, key: "password" };
    return {
        entry,
        image: service.image,
        replicas: service.replicas,
        command: ["redis-server"],
        // AOF with fsync every second loses at most one second of writes: inside tier 1's 1-minute RPO.
        // Kubernetes expands $(REDIS_PASSWORD) from the container's environment.
        args: [
            "--port", String(entry.port),
            "--dir", "/data",
            "--appendonly", "yes",
            "--appendfsync", "everysec",
            "--requirepass", "$(REDIS_PASSWORD)",
        ],
        ports: [{ name: "redis", port: entry.port }],
        env: [
            { name: "REDIS_PASSWORD", secret: password },
            // Lets redis-cli (probes, backup jobs) authenticate without the password on its command line.
            { name: "REDISCLI_AUTH", secret: password },
        ],
        probes: probesFor(entry),
        volumes: [
            persistentVolume(config, service.storage, "data", "/data"),
            // Holds the RDB snapshots; the snapshot jobs write it, on this pod's node (read-only here).
            backupVolume({ size: config.backup.redis.volumeSize, storageClass: service.storage.storageClass ?? config.storageClass, readOnly: true }),
            scratchVolume("tmp", "/tmp", "64Mi"),
        ],
        resources: service.resources ?? {
            requests: { cpu: "100m", memory: "256Mi" },
            limits: { cpu: "1", memory: "1Gi" },
        },
        // The official image's `redis` user.
        runAs: { user: 999, group: 999, readOnlyRootFilesystem: true },
        credentials: { secretName: redisSecretName, generated: ["password"] },
        terminationGracePeriodSeconds: 30,
    };
}
