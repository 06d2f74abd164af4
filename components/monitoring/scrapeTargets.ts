/**
 * Which services Prometheus scrapes, and how. The Jarvis team's own HTTP services (backend,
 * frontend, STT, TTS) share one application shape and serve the runbook's `jarvis_*` request
 * metrics on `/metrics` of their HTTP port. Qdrant serves its own metrics on `/metrics`, behind its
 * API key. PostgreSQL, Redis, TimescaleDB and Ollama serve none: exporters for them are out of
 * scope here, so their availability is measured from kube-state-metrics (pod readiness, which runs
 * the runbook's own health checks) instead.
 */
import { PlatformServiceId } from "../definitions";
import { qdrantSecretName } from "../definitions/qdrant";

export interface ScrapeTarget {
    readonly service: PlatformServiceId;
    /** Named port of the service's Kubernetes Service. */
    readonly port: string;
    readonly path: string;
    /** Serves the runbook's request counters and response-time histogram. */
    readonly requestMetrics: boolean;
    /** Secret key holding a bearer token the endpoint requires. */
    readonly bearerToken?: { readonly secret: string; readonly key: string };
}

export const scrapeTargets: readonly ScrapeTarget[] = [
    { service: "backend", port: "http", path: "/metrics", requestMetrics: true },
    { service: "frontend", port: "http", path: "/metrics", requestMetrics: true },
    { service: "stt", port: "http", path: "/metrics", requestMetrics: true },
    { service: "tts", port: "http", path: "/metrics", requestMetrics: true },
    // Qdrant accepts its API key as a bearer token; only /healthz, /livez and /readyz go without.
    { service: "qdrant", port: "http", path: "/metrics", requestMetrics: false, bearerToken: { secret: qdrantSecretName, key: "api-key" } },
];

/** The scrape job of a service: the runbook's alerts select `job=~"jarvis-.*"`. */
export function jobName(service: string): string {
    return `jarvis-${service}`;
}

/** The scrape target of a service, if it is scraped. */
export function scrapeTargetOf(service: string): ScrapeTarget | undefined {
    return scrapeTargets.find((target) => target.service === service);
}
