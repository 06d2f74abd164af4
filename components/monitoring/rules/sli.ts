/**
 * How each SLO's error ratio is measured. Services that serve the runbook's request metrics use
 * failed requests over all requests. The others (PostgreSQL, Redis, Ollama serve no metrics here)
 * use the share of their desired replicas that are not ready, from kube-state-metrics: readiness
 * runs the runbook's own health checks (pg_isready, redis-cli ping, HTTP), so an unready replica is
 * a failed health check. Only request-based SLIs have a latency histogram.
 */
import { CatalogEntry, ServiceLevelObjective } from "../../../catalog/types";
import { jobName, scrapeTargetOf } from "../scrapeTargets";
import { RuleContext } from "./context";
import { selector } from "./promql";

export type SliSource =
    | { readonly kind: "requests"; readonly job: string }
    | { readonly kind: "readiness"; readonly controller: "statefulset" | "deployment"; readonly name: string };

export interface SloTarget {
    readonly entry: CatalogEntry;
    readonly slo: ServiceLevelObjective;
    readonly source: SliSource;
}

/** How a catalog service's SLI is measured. */
export function sliSourceOf(entry: CatalogEntry): SliSource {
    if (scrapeTargetOf(entry.id)?.requestMetrics) return { kind: "requests", job: jobName(entry.id) };
    // Stateful services run as StatefulSets, stateless ones as Deployments, both named after the catalog id.
    return { kind: "readiness", controller: entry.stateful ? "statefulset" : "deployment", name: entry.id };
}

/** Every catalog service with an SLO, with its SLI source. */
export function sloTargets(entries: readonly CatalogEntry[]): SloTarget[] {
    return entries.flatMap((entry) => (entry.slo ? [{ entry, slo: entry.slo, source: sliSourceOf(entry) }] : []));
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

/** p95 response time over 5 minutes of a request-based SLI. */
export function latencyP95(context: RuleContext, job: string): string {
    const matchers = [
        { label: "namespace", value: context.namespace },
        { label: "job", value: job },
    ];
    return `histogram_quantile(0.95, sum by (le) (rate(${selector(context.metrics.responseTimeBucket, matchers)}[5m])))`;
}
