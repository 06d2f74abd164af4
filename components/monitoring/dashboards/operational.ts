/**
 * The runbook's operational dashboard (monitoring/operational-dashboard.json): services status,
 * p95 response time and error rate, with the runbook's thresholds, plus the two gauges the
 * runbook's warnings watch (database connections, memory against the limit). Grafana's current
 * panel types replace the runbook's deprecated `graph` and `singlestat`.
 */
import { RuleContext } from "../rules/context";
import { selector } from "../rules/promql";
import { dashboard, Dashboard } from "./model";

export function operationalDashboard(context: RuleContext, environment: string): Dashboard {
    const ns = { label: "namespace", value: context.namespace };
    const m = context.metrics;
    const perJobRate = (metric: string) => `sum by (job) (rate(${selector(metric, [ns])}[5m]))`;
    const container = { label: "container", op: "!=" as const, value: "" };
    return dashboard({ uid: `jarvis-${environment}-operational`, title: `Jarvis Operational Dashboard (${environment})`, tags: ["jarvis", "operations", environment] }, [
        {
            type: "stat",
            title: "Services Status",
            description: "1 when Prometheus reaches the service's /metrics, 0 when it is down (the ServiceDown alert).",
            queries: [{ expr: selector("up", [{ label: "job", op: "=~", value: "jarvis-.*" }, ns]), legend: "{{ job }}" }],
            unit: "none",
            thresholds: [
                { color: "red", value: null },
                { color: "green", value: 1 },
            ],
            mappings: [{ type: "value", options: { "0": { text: "DOWN", color: "red" }, "1": { text: "UP", color: "green" } } }],
            width: 24,
        },
        {
            type: "timeseries",
            title: "Response Time P95",
            description: "95th percentile response time per service over 5 minutes; the runbook alerts above 200 ms.",
            queries: [{ expr: `histogram_quantile(0.95, sum by (job, le) (rate(${selector(m.responseTimeBucket, [ns])}[5m])))`, legend: "{{ job }} P95" }],
            unit: "s",
            min: 0,
            thresholds: [
                { color: "green", value: null },
                { color: "red", value: 0.2 },
            ],
        },
        {
            type: "stat",
            title: "Error Rate",
            description: "Failed requests over all requests per service, in percent, over 5 minutes; HighErrorRate fires above 5 %.",
            queries: [{ expr: `100 * ${perJobRate(m.requestErrorsTotal)} / ${perJobRate(m.requestsTotal)}`, legend: "{{ job }} Error %" }],
            unit: "percent",
            thresholds: [
                { color: "green", value: null },
                { color: "orange", value: 5 },
                { color: "red", value: 10 },
            ],
        },
        {
            type: "timeseries",
            title: "Database Connections",
            description: "Open database connections per instance; DatabaseConnectionsHigh fires above 80.",
            queries: [{ expr: selector(m.databaseConnectionsActive, [ns]), legend: "{{ job }} {{ pod }}" }],
            unit: "none",
            min: 0,
            thresholds: [
                { color: "green", value: null },
                { color: "red", value: 80 },
            ],
        },
        {
            type: "timeseries",
            title: "Memory Usage of Limit",
            description: "Memory used per container against its limit; MemoryUsageHigh fires above 90 %.",
            queries: [
                {
                    expr: `max by (pod, container) (${selector(m.containerMemoryUsage, [container, ns])} / (${selector(m.containerMemoryLimit, [container, ns])} > 0))`,
                    legend: "{{ pod }}/{{ container }}",
                },
            ],
            unit: "percentunit",
            min: 0,
            thresholds: [
                { color: "green", value: null },
                { color: "red", value: 0.9 },
            ],
        },
    ]);
}
