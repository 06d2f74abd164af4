/** Types of the service catalog: what the runbook says about each service, as data. */

/** Every service the runbook names, by a stable identifier used in config, labels and names. */
export const serviceIds = [
    "postgres",
    "redis",
    "qdrant",
    "ollama",
    "backend",
    "stt",
    "tts",
    "frontend",
    "timescale",
    "prometheus",
    "grafana",
    "jenkins",
] as const;
export type ServiceId = (typeof serviceIds)[number];

/** Criticality tiers of the runbook ("TIER 1 - CRITIQUE" ... "MONITORING & DEVOPS"). */
export type Tier = "1" | "2" | "3" | "monitoring";

/** Recovery objectives of a tier, in seconds. */
export interface RecoveryObjectives {
    /** Recovery time objective: how long the tier may be down. */
    readonly rtoSeconds: number;
    /** Recovery point objective: how much recent data the tier may lose. */
    readonly rpoSeconds: number;
}

/** A service level objective from the runbook's SLO table. */
export interface ServiceLevelObjective {
    /** Availability target as a ratio (0.999 for 99.9 %). */
    readonly availability: number;
    /** 95th percentile latency threshold, in seconds. */
    readonly latencyP95Seconds: number;
    /** Largest acceptable ratio of failed requests (0.001 for 0.1 %). */
    readonly maxErrorRatio: number;
}

/** How the runbook checks that a service is healthy. */
export type HealthCheck =
    | { readonly kind: "http"; readonly path: string }
    | { readonly kind: "pg_isready" }
    | { readonly kind: "redis-ping" };

/** A Prometheus metrics endpoint. */
export interface MetricsEndpoint {
    readonly port: number;
    readonly path: string;
}

/** Who deploys a service: this program's tier components, or the monitoring stack's Helm charts. */
export type DeployedBy = "platform" | "monitoring-stack";

/** One catalog entry. */
export interface CatalogEntry {
    readonly id: ServiceId;
    /** Name as the runbook writes it. */
    readonly displayName: string;
    /** Port the service listens on. */
    readonly port: number;
    readonly tier: Tier;
    /** Present for the services of the runbook's SLO table. */
    readonly slo?: ServiceLevelObjective;
    readonly health: HealthCheck;
    /** Where the service serves Prometheus metrics, when it does (scraped, and admitted by NetworkPolicies). */
    readonly metrics?: MetricsEndpoint;
    /** Services that must be ready before this one starts (real dependencies only). */
    readonly dependsOn: readonly ServiceId[];
    /** The runbook's `wait-for-service.sh` timeout for this service, in seconds. */
    readonly readinessWaitSeconds?: number;
    /** Holds data on a persistent volume. */
    readonly stateful: boolean;
    readonly deployedBy: DeployedBy;
}
