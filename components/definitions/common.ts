/** Shared pieces of service definitions: probes from the catalog's health checks, volumes, defaults. */
import { CatalogEntry } from "../../catalog/types";
import { JarvisConfig } from "../../config/load";
import { StorageConfig } from "../../config/schema";
import { Probe, ProbeAction, Probes, VolumeDefinition } from "./types";

/** Runs the catalog's health check the way the runbook's health-check-all.sh does. */
export function healthAction(entry: CatalogEntry, user = "jarvis"): ProbeAction {
    switch (entry.health.kind) {
        case "http":
            return { httpGet: { path: entry.health.path, port: entry.port } };
        case "pg_isready":
            return { exec: ["pg_isready", "--host=127.0.0.1", `--port=${entry.port}`, `--username=${user}`] };
        case "redis-ping":
            // As the runbook: `redis-cli ping | grep PONG`; redis-cli reads the password from REDISCLI_AUTH.
            return { exec: ["sh", "-c", `redis-cli -h 127.0.0.1 -p ${entry.port} ping | grep -q PONG`] };
    }
}

/**
 * Probe timings. Readiness answers within seconds (it gates traffic); liveness restarts a hung
 * process after 3 x 10 s and kills it after 10 s rather than the pod's drain period, so detection,
 * kill and a cold start stay within half of every tier's RTO; the startup probe gives a cold start
 * twice the runbook's wait-for-service timeout, since a cluster pulls images and initialises volumes.
 */
export function probesFor(entry: CatalogEntry, action: ProbeAction = healthAction(entry)): Probes {
    const startupBudget = 2 * (entry.readinessWaitSeconds ?? 30);
    const probe = (timing: Omit<Probe, "action">): Probe => ({ action, ...timing });
    return {
        readiness: probe({ periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 3 }),
        liveness: probe({ periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3, terminationGracePeriodSeconds: 10 }),
        startup: probe({ periodSeconds: 5, timeoutSeconds: 3, failureThreshold: Math.ceil(startupBudget / 5) }),
    };
}

/** A persistent volume from a service's storage config, with the stack's storage class by default. */
export function persistentVolume(config: JarvisConfig, storage: StorageConfig, name: string, mountPath: string): VolumeDefinition {
    return { kind: "persistent", name, mountPath, size: storage.size, storageClass: storage.storageClass ?? config.storageClass };
}

/** Writable scratch space for a read-only root filesystem. */
export function scratchVolume(name: string, mountPath: string, sizeLimit = "256Mi", memory = false): VolumeDefinition {
    return { kind: "scratch", name, mountPath, sizeLimit, memory };
}

/** Identity of the application images built by the Jarvis team (non-root, numeric). */
export const appUser = { user: 10001, group: 10001, readOnlyRootFilesystem: true } as const;

/** In-cluster URL of a catalog service (the Kubernetes Service carries the service's id). */
export function serviceUrl(entry: CatalogEntry, scheme = "http"): string {
    return `${scheme}://${entry.id}:${entry.port}`;
}
