/**
 * How each SLO's error ratio is measured. Services that serve the runbook's request metrics use
 * failed requests over all requests. The others (PostgreSQL, Redis, Ollama serve no metrics here)
 * use the share of their desired replicas that are not ready, from kube-state-metrics: readiness
 * runs the runbook's own health checks (pg_isready, redis-cli ping, HTTP), so an unready replica is
 * a failed health check. Their latency is measured where it is felt: by their one client, the
 * backend, which times every call it makes to a store (`jarvis_dependency_duration_seconds`).
 */
import { catalogEntries } from "../../../catalog/services";
import { CatalogEntry, ServiceLevelObjective } from "../../../catalog/types";
import { jobName, scrapeTargetOf } from "../scrapeTargets";
import { RuleContext } from "./context";
import { selector } from "./promql";

export type SliSource =
    | { readonly kind: "requests"; readonly job: string }
    | { readonly kind: "readiness"; readonly controller: "statefulset" | "deployment"; readonly name: string };

/** Where a service's p95 latency comes from: its own response times, or a client's calls to it. */
export type LatencySource =
    | { readonly kind: "response"; readonly job: string }
    | { readonly kind: "client"; readonly job: string; readonly dependency: string };

export interface SloTarget {
    readonly entry: CatalogEntry;
    readonly slo: ServiceLevelObjective;
    readonly source: SliSource;
    /** Absent when neither the service nor any client of it publishes a latency histogram. */
    readonly latency?: LatencySource;
}

/** How a catalog service's SLI is measured. */
export function sliSourceOf(entry: CatalogEntry): SliSource {
    if (scrapeTargetOf(entry.id)?.requestMetrics) return { kind: "requests", job: jobName(entry.id) };
    // Stateful services run as StatefulSets, stateless ones as Deployments, both named after the catalog id.
    return { kind: "readiness", controller: entry.stateful ? "statefulset" : "deployment", name: entry.id };
}

/** How a catalog service's p95 latency is measured. */
export function latencySourceOf(entry: CatalogEntry): LatencySource | undefined {
    if (scrapeTargetOf(entry.id)?.requestMetrics) return { kind: "response", job: jobName(entry.id) };
    const client = catalogEntries().find((c) => c.dependsOn.includes(entry.id) && scrapeTargetOf(c.id)?.requestMetrics);
    return client ? { kind: "client", job: jobName(client.id), dependency: entry.id } : undefined;
}

/** Every catalog service with an SLO, with its SLI sources. */
export function sloTargets(entries: readonly CatalogEntry[]): SloTarget[] {
    return entries.flatMap((entry) =>
        entry.slo ? [{ entry, slo: entry.slo, source: sliSourceOf(entry), latency: latencySourceOf(entry) }] : [],
    );
}

/** kube-state-metrics' ready and desired replica gauges of a controller. */
export function readinessMetrics(controller: "statefulset" | "deployment"): { ready: string; desired: string } {
    return controller === "statefulset"
        ? { ready: "kube_statefulset_status_replicas_ready", desired: "kube_statefulset_replicas" }
        : { ready: "kube_deployment_status_replicas_available", desired: "kube_deployment_spec_replicas" };
}

/** Error ratio of a request-based SLI over a window: failed requests over all requests. */
export function requestErrorRatio(context: RuleContext, job: string, window: string): string {
    const matchers = [
        { label: "namespace", value: context.namespace },
        { label: "job", value: job },
    ];
    const { requestErrorsTotal, requestsTotal } = context.metrics;
    return `sum(rate(${selector(requestErrorsTotal, matchers)}[${window}])) / sum(rate(${selector(requestsTotal, matchers)}[${window}]))`;
}

/** Instantaneous share of a controller's desired replicas that are not ready. */
export function unreadyRatio(context: RuleContext, source: Extract<SliSource, { kind: "readiness" }>): string {
    const { ready, desired } = readinessMetrics(source.controller);
    const matchers = [
        { label: "namespace", value: context.namespace },
        { label: source.controller, value: source.name },
    ];
    return `1 - sum(${selector(ready, matchers)}) / sum(${selector(desired, matchers)})`;
}

/** The histogram a latency source reads, with its matchers. */
export function latencyHistogram(context: RuleContext, source: LatencySource): { metric: string; matchers: { label: string; value: string }[] } {
    const matchers = [
        { label: "namespace", value: context.namespace },
        { label: "job", value: source.job },
    ];
    return source.kind === "response"
        ? { metric: context.metrics.responseTimeBucket, matchers }
        : { metric: context.metrics.dependencyDurationBucket, matchers: [...matchers, { label: "dependency", value: source.dependency }] };
}

/** p95 latency over 5 minutes. */
export function latencyP95(context: RuleContext, source: LatencySource): string {
    const { metric, matchers } = latencyHistogram(context, source);
    return `histogram_quantile(0.95, sum by (le) (rate(${selector(metric, matchers)}[5m])))`;
}
