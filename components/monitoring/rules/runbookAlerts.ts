/**
 * The runbook's "Alertes Critiques" (monitoring/critical-alerts.yml): same names, thresholds,
 * durations and severities. Two changes, both so the alerts stay right in a shared Prometheus:
 * every selector is scoped to the stack's namespace (staging and production may share one
 * Prometheus), and
 * - HighErrorRate divides the sums per job, so a label the error counter carries and the request
 *   counter does not (or the reverse) cannot make the division match nothing;
 * - MemoryUsageHigh ignores containers without a limit (a zero limit would divide to +Inf and fire)
 *   and the pod-level cgroup series (empty `container`).
 * The link sits in the `runbook_url` annotation, where Alertmanager and Grafana look for it.
 */
import { selector } from "./promql";
import { RuleContext, runbookUrl } from "./context";
import { AlertingRule, RuleGroup } from "./types";

export const runbookAlertGroupName = "jarvis-critical-operations";

function scoped(context: RuleContext, metric: string, extra: { label: string; value: string; op?: "=" | "!=" | "=~" | "!~" }[] = []): string {
    return selector(metric, [...extra, { label: "namespace", value: context.namespace }]);
}

export function serviceDown(context: RuleContext): AlertingRule {
    return {
        alert: "ServiceDown",
        expr: `${scoped(context, "up", [{ label: "job", op: "=~", value: "jarvis-.*" }])} == 0`,
        for: "30s",
        labels: { severity: "critical", namespace: context.namespace },
        annotations: {
            summary: "Service {{ $labels.job }} is down",
            description: "Service {{ $labels.job }} has been down for more than 30 seconds",
            action: "Check service logs and restart if necessary",
            runbook_url: runbookUrl(context, "service-down"),
        },
    };
}

export function highErrorRate(context: RuleContext): AlertingRule {
    const { requestErrorsTotal, requestsTotal } = context.metrics;
    const perJob = (metric: string) => `sum by (namespace, job) (rate(${scoped(context, metric)}[5m]))`;
    return {
        alert: "HighErrorRate",
        expr: `${perJob(requestErrorsTotal)} / ${perJob(requestsTotal)} > 0.05`,
        for: "2m",
        labels: { severity: "critical", namespace: context.namespace },
        annotations: {
            summary: "High error rate: {{ $value | humanizePercentage }}",
            description: "Error rate of {{ $labels.job }} is above 5% for more than 2 minutes",
            action: "Check application logs and recent deployments",
            runbook_url: runbookUrl(context, "high-error-rate"),
        },
    };
}

export function databaseConnectionsHigh(context: RuleContext): AlertingRule {
    return {
        alert: "DatabaseConnectionsHigh",
        expr: `${scoped(context, context.metrics.databaseConnectionsActive)} > 80`,
        for: "5m",
        labels: { severity: "warning", namespace: context.namespace },
        annotations: {
            summary: "High database connections: {{ $value }}",
            description: "Database connections above 80 for more than 5 minutes",
            action: "Check for connection leaks and scale database if needed",
            runbook_url: runbookUrl(context, "db-connections"),
        },
    };
}

export function memoryUsageHigh(context: RuleContext): AlertingRule {
    const { containerMemoryUsage, containerMemoryLimit } = context.metrics;
    const container = [{ label: "container", op: "!=" as const, value: "" }];
    return {
        alert: "MemoryUsageHigh",
        expr: `${scoped(context, containerMemoryUsage, container)} / (${scoped(context, containerMemoryLimit, container)} > 0) > 0.9`,
        for: "5m",
        labels: { severity: "warning", namespace: context.namespace },
        annotations: {
            summary: "High memory usage: {{ $value | humanizePercentage }}",
            description: "Container {{ $labels.container }} using more than 90% memory",
            action: "Restart container or increase memory limits",
            runbook_url: runbookUrl(context, "memory-usage"),
        },
    };
}

/** The runbook's group, in the runbook's order. */
export function runbookAlertGroups(context: RuleContext): RuleGroup[] {
    return [
        {
            name: runbookAlertGroupName,
            rules: [serviceDown(context), highErrorRate(context), databaseConnectionsHigh(context), memoryUsageHigh(context)],
        },
    ];
}
