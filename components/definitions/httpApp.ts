/** The Jarvis team's own stateless HTTP services (backend, frontend, STT, TTS) share one shape. */
import { CatalogEntry } from "../../catalog/types";
import { ComputeResources } from "../../config/schema";
import { appUser, probesFor, scratchVolume } from "./common";
import { EnvVar, ServiceDefinition, VolumeDefinition } from "./types";

export interface HttpAppOptions {
    readonly entry: CatalogEntry;
    readonly service: {
        readonly image: string;
        readonly replicas: number;
        readonly resources?: ComputeResources;
    };
    readonly env: readonly EnvVar[];
    readonly defaultResources: ComputeResources;
    /** Writable directories beyond /tmp (caches of downloaded models, build caches). */
    readonly extraScratch?: readonly VolumeDefinition[];
    /**
     * Seconds to finish in-flight requests after SIGTERM. The runbook's graceful shutdown waits up
     * to 60 s for active connections to drain.
     */
    readonly drainSeconds?: number;
}

/**
 * Time for a terminating pod's endpoint to leave every Service and the ingress controller's
 * upstreams (endpoint controller, kube-proxy and controller resync take a few seconds).
 */
export const endpointRemovalSeconds = 10;

export function httpAppDefinition(options: HttpAppOptions): ServiceDefinition {
    const { entry, service } = options;
    return {
        entry,
        image: service.image,
        replicas: service.replicas,
        ports: [{ name: "http", port: entry.port }],
        env: [{ name: "PORT", value: String(entry.port) }, ...options.env],
        probes: probesFor(entry),
        volumes: [scratchVolume("tmp", "/tmp", "512Mi"), ...(options.extraScratch ?? [])],
        resources: service.resources ?? options.defaultResources,
        runAs: appUser,
        terminationGracePeriodSeconds: options.drainSeconds ?? 60,
        // The runbook stops new traffic first, then waits for in-flight requests: same order here.
        preStopDelaySeconds: endpointRemovalSeconds,
    };
}
