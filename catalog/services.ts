/**
 * The service catalog of the Jarvis runbooks (v1.9.0): ports, tiers, RTO/RPO, SLOs, health checks,
 * real dependencies and the runbook's readiness waits. This is the only place these numbers live.
 */
import { CatalogEntry, RecoveryObjectives, ServiceId, Tier } from "./types";

/** "TIER 1 - CRITIQUE (RTO: 5 min, RPO: 1 min)" and the three other tiers. */
export const tiers: Readonly<Record<Tier, RecoveryObjectives>> = {
    "1": { rtoSeconds: 5 * 60, rpoSeconds: 60 },
    "2": { rtoSeconds: 15 * 60, rpoSeconds: 5 * 60 },
    "3": { rtoSeconds: 30 * 60, rpoSeconds: 15 * 60 },
    monitoring: { rtoSeconds: 60 * 60, rpoSeconds: 30 * 60 },
};

export const catalog: Readonly<Record<ServiceId, CatalogEntry>> = {
    postgres: {
        id: "postgres",
        displayName: "PostgreSQL",
        port: 5432,
        tier: "1",
        slo: { availability: 0.9995, latencyP95Seconds: 0.05, maxErrorRatio: 0.0005 },
        health: { kind: "pg_isready" },
        dependsOn: [],
        readinessWaitSeconds: 30,
        stateful: true,
        deployedBy: "platform",
    },
    redis: {
        id: "redis",
        displayName: "Redis",
        port: 6379,
        tier: "1",
        slo: { availability: 0.998, latencyP95Seconds: 0.01, maxErrorRatio: 0.002 },
        health: { kind: "redis-ping" },
        dependsOn: [],
        readinessWaitSeconds: 15,
        stateful: true,
        deployedBy: "platform",
    },
    qdrant: {
        id: "qdrant",
        displayName: "Qdrant",
        port: 6333,
        tier: "2",
        health: { kind: "http", path: "/readyz" },
        // Qdrant serves Prometheus metrics on its HTTP port.
        metrics: { port: 6333, path: "/metrics" },
        dependsOn: [],
        readinessWaitSeconds: 20,
        stateful: true,
        deployedBy: "platform",
    },
    ollama: {
        id: "ollama",
        displayName: "Ollama LLM",
        port: 11434,
        tier: "2",
        slo: { availability: 0.995, latencyP95Seconds: 5, maxErrorRatio: 0.01 },
        health: { kind: "http", path: "/" },
        dependsOn: [],
        readinessWaitSeconds: 60,
        stateful: true,
        deployedBy: "platform",
    },
    backend: {
        id: "backend",
        displayName: "Backend API",
        port: 8100,
        tier: "1",
        slo: { availability: 0.999, latencyP95Seconds: 0.2, maxErrorRatio: 0.001 },
        health: { kind: "http", path: "/health" },
        // The runbook's graceful shutdown reads jarvis_active_connections from backend:8100/metrics.
        metrics: { port: 8100, path: "/metrics" },
        dependsOn: ["postgres", "redis", "qdrant", "ollama"],
        readinessWaitSeconds: 30,
        stateful: false,
        deployedBy: "platform",
    },
    stt: {
        id: "stt",
        displayName: "STT API",
        port: 8003,
        tier: "3",
        health: { kind: "http", path: "/health" },
        dependsOn: [],
        readinessWaitSeconds: 20,
        stateful: false,
        deployedBy: "platform",
    },
    tts: {
        id: "tts",
        displayName: "TTS API",
        port: 8002,
        tier: "3",
        health: { kind: "http", path: "/health" },
        dependsOn: [],
        readinessWaitSeconds: 20,
        stateful: false,
        deployedBy: "platform",
    },
    frontend: {
        id: "frontend",
        displayName: "Frontend",
        port: 3000,
        tier: "2",
        // The runbook's "<2s load" is the page load time, held to the same P95 rule.
        slo: { availability: 0.997, latencyP95Seconds: 2, maxErrorRatio: 0.005 },
        health: { kind: "http", path: "/" },
        dependsOn: ["backend"],
        readinessWaitSeconds: 25,
        stateful: false,
        deployedBy: "platform",
    },
    timescale: {
        id: "timescale",
        displayName: "TimescaleDB",
        port: 5433,
        tier: "3",
        health: { kind: "pg_isready" },
        dependsOn: [],
        readinessWaitSeconds: 20,
        stateful: true,
        deployedBy: "platform",
    },
    prometheus: {
        id: "prometheus",
        displayName: "Prometheus",
        port: 9090,
        tier: "monitoring",
        health: { kind: "http", path: "/-/healthy" },
        dependsOn: [],
        stateful: true,
        deployedBy: "monitoring-stack",
    },
    grafana: {
        id: "grafana",
        displayName: "Grafana",
        port: 3001,
        tier: "monitoring",
        health: { kind: "http", path: "/api/health" },
        dependsOn: ["prometheus"],
        stateful: true,
        deployedBy: "monitoring-stack",
    },
    jenkins: {
        id: "jenkins",
        displayName: "Jenkins",
        port: 8080,
        tier: "monitoring",
        health: { kind: "http", path: "/login" },
        dependsOn: [],
        stateful: true,
        deployedBy: "monitoring-stack",
    },
};

/** Catalog entries in the runbook's startup order. */
export function catalogEntries(): CatalogEntry[] {
    return Object.values(catalog);
}

/** The services this program deploys itself (the monitoring stack comes from Helm charts). */
export function platformServices(): CatalogEntry[] {
    return catalogEntries().filter((entry) => entry.deployedBy === "platform");
}

/** Recovery objectives of a service's tier. */
export function objectivesOf(id: ServiceId): RecoveryObjectives {
    return tiers[catalog[id].tier];
}
