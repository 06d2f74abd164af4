/**
 * SLO rules in the style of the Google SRE workbook (chapter "Alerting on SLOs") and Sloth: for
 * every SLO of the catalog, recording rules of the error ratio over 5m ... 3d, multi-window
 * multi-burn-rate alerts computed from the objective, the error budget left over the SLO period,
 * and, where a latency histogram exists, an alert at the SLO's p95 threshold.
 *
 * A burn rate of 1 spends the error budget exactly over the period (30 days); 14.4 spends 2 % of it
 * in an hour. Each alert needs a long window (the burn is significant) and a short window (it is
 * still going on, so the alert resolves soon after the burn stops).
 */
import { RuleContext, runbookUrl } from "./context";
import { num, selector } from "./promql";
import { latencyP95, requestErrorRatio, SloTarget, unreadyRatio } from "./sli";
import { AlertingRule, RecordingRule, RuleGroup, Severity } from "./types";

/** Windows the error ratio is recorded over. */
export const sloWindows = ["5m", "30m", "1h", "2h", "6h", "1d", "3d"] as const;
export type SloWindow = (typeof sloWindows)[number];

/** Period the error budget is counted over. */
export const sloPeriod = "30d";

/** Names of the recording rules (dashboards and alerts read these). */
export const sloRecords = {
    errorRatio: (window: SloWindow | typeof sloPeriod) => `slo:sli_error:ratio_rate${window}`,
    /** Instantaneous share of unready replicas, for readiness-based SLIs. */
    unready: "slo:sli_error:ratio_instant",
    objective: "slo:objective:ratio",
    errorBudget: "slo:error_budget:ratio",
    budgetRemaining: "slo:period_error_budget_remaining:ratio",
    currentBurnRate: "slo:current_burn_rate:ratio",
    latencyP95: "slo:latency_p95:seconds_rate5m",
    latencyObjective: "slo:latency_objective:seconds",
} as const;

export interface BurnCondition {
    /** Multiple of the error budget's sustainable rate. */
    readonly factor: number;
    readonly long: SloWindow;
    readonly short: SloWindow;
}

export interface BurnRateAlert {
    readonly alert: string;
    readonly severity: Severity;
    /** `page` wakes someone up; `ticket` is handled in working hours. */
    readonly kind: "page" | "ticket";
    readonly for: string;
    readonly conditions: readonly BurnCondition[];
}

/** The workbook's recommended pairs: page at 14.4x (1h/5m) or 6x (6h/30m); ticket at 3x (1d/2h) or 1x (3d/6h). */
export const burnRateAlerts: readonly BurnRateAlert[] = [
    {
        alert: "SLOErrorBudgetBurnFast",
        severity: "critical",
        kind: "page",
        for: "2m",
        conditions: [
            { factor: 14.4, long: "1h", short: "5m" },
            { factor: 6, long: "6h", short: "30m" },
        ],
    },
    {
        alert: "SLOErrorBudgetBurnSlow",
        severity: "warning",
        kind: "ticket",
        for: "15m",
        conditions: [
            { factor: 3, long: "1d", short: "2h" },
            { factor: 1, long: "3d", short: "6h" },
        ],
    },
];

export const latencyAlertName = "SLOLatencyP95High";

/** The error budget: the share of failures the objective allows. */
export function errorBudget(target: SloTarget): number {
    return Number((1 - target.slo.availability).toPrecision(12));
}

function percent(ratio: number): string {
    return `${num(ratio * 100)}%`;
}

function sloLabels(context: RuleContext, target: SloTarget, slo: "availability" | "latency"): Record<string, string> {
    return { namespace: context.namespace, service: target.entry.id, slo };
}

function recorded(name: string, context: RuleContext, target: SloTarget, slo: "availability" | "latency" = "availability"): string {
    return selector(
        name,
        Object.entries(sloLabels(context, target, slo)).map(([label, value]) => ({ label, value })),
    );
}

/** Error ratio over each window, from the SLI's source. */
function errorRatioRecords(context: RuleContext, target: SloTarget): RecordingRule[] {
    const labels = sloLabels(context, target, "availability");
    const source = target.source;
    if (source.kind === "requests") {
        return sloWindows.map((window) => ({ record: sloRecords.errorRatio(window), expr: requestErrorRatio(context, source.job, window), labels }));
    }
    // A gauge has no rate: record it, then average the recording over each window.
    return [
        { record: sloRecords.unready, expr: unreadyRatio(context, source), labels },
        ...sloWindows.map((window) => ({
            record: sloRecords.errorRatio(window),
            expr: `avg_over_time(${recorded(sloRecords.unready, context, target)}[${window}])`,
            labels,
        })),
    ];
}

/** Objective, budget, budget left over the period and the current burn rate (for dashboards). */
function budgetRecords(context: RuleContext, target: SloTarget): RecordingRule[] {
    const labels = sloLabels(context, target, "availability");
    const budget = num(errorBudget(target));
    return [
        { record: sloRecords.objective, expr: `vector(${num(target.slo.availability)})`, labels },
        { record: sloRecords.errorBudget, expr: `vector(${budget})`, labels },
        // Sloth's approximation: the mean of the 5-minute ratios, cheaper than a 30-day rate.
        {
            record: sloRecords.errorRatio(sloPeriod),
            expr: `avg_over_time(${recorded(sloRecords.errorRatio("5m"), context, target)}[${sloPeriod}])`,
            labels,
        },
        { record: sloRecords.budgetRemaining, expr: `1 - ${recorded(sloRecords.errorRatio(sloPeriod), context, target)} / ${budget}`, labels },
        { record: sloRecords.currentBurnRate, expr: `${recorded(sloRecords.errorRatio("5m"), context, target)} / ${budget}`, labels },
    ];
}

function burnCondition(context: RuleContext, target: SloTarget, condition: BurnCondition): string {
    const threshold = `(${num(condition.factor)} * ${num(errorBudget(target))})`;
    const long = `${recorded(sloRecords.errorRatio(condition.long), context, target)} > ${threshold}`;
    const short = `${recorded(sloRecords.errorRatio(condition.short), context, target)} > ${threshold}`;
    return `(${long} and ${short})`;
}

export function burnRateAlert(context: RuleContext, target: SloTarget, spec: BurnRateAlert): AlertingRule {
    const budget = errorBudget(target);
    const pairs = spec.conditions.map((c) => `${num(c.factor)}x over ${c.long} and ${c.short}`).join(", or ");
    const fastest = Math.max(...spec.conditions.map((c) => c.factor));
    const daysLeft = num(Math.round((30 / fastest) * 10) / 10);
    return {
        alert: spec.alert,
        expr: spec.conditions.map((c) => burnCondition(context, target, c)).join(" or "),
        for: spec.for,
        labels: { ...sloLabels(context, target, "availability"), severity: spec.severity, slo_alert: spec.kind },
        annotations: {
            summary: `${target.entry.displayName} is burning its error budget (${spec.kind})`,
            description:
                `The error ratio of ${target.entry.displayName} exceeds its error budget of ${percent(budget)} ` +
                `(SLO ${percent(target.slo.availability)}) by ${pairs}; at ${num(fastest)}x the ${sloPeriod} budget lasts ${daysLeft} days.`,
            action:
                spec.kind === "page"
                    ? "Find what changed (deployments, dependencies, traffic), roll back or mitigate now"
                    : "Open a ticket: find the source of the errors before the budget is spent",
            runbook_url: runbookUrl(context, "slo-error-budget-burn"),
        },
    };
}

function latencyRules(context: RuleContext, target: SloTarget): { records: RecordingRule[]; alerts: AlertingRule[] } {
    if (!target.latency) return { records: [], alerts: [] };
    const labels = sloLabels(context, target, "latency");
    const threshold = num(target.slo.latencyP95Seconds);
    const seconds = target.slo.latencyP95Seconds;
    const thresholdText = seconds < 1 ? `${num(seconds * 1000)}ms` : `${threshold}s`;
    return {
        records: [
            { record: sloRecords.latencyP95, expr: latencyP95(context, target.latency), labels },
            { record: sloRecords.latencyObjective, expr: `vector(${threshold})`, labels },
        ],
        alerts: [
            {
                alert: latencyAlertName,
                expr: `${recorded(sloRecords.latencyP95, context, target, "latency")} > ${threshold}`,
                for: "5m",
                labels: { ...labels, severity: "warning" },
                annotations: {
                    summary: `p95 response time of ${target.entry.displayName}: {{ $value | humanizeDuration }}`,
                    description: `The 95th percentile response time of ${target.entry.displayName} is above its SLO of ${thresholdText} for more than 5 minutes`,
                    action: "Check slow dependencies (database, cache, LLM), saturation and recent deployments",
                    runbook_url: runbookUrl(context, "slo-latency"),
                },
            },
        ],
    };
}

/** One group per SLO: recordings first, so the alerts read this evaluation's values. */
export function sloRuleGroups(context: RuleContext, targets: readonly SloTarget[]): RuleGroup[] {
    return targets.map((target) => {
        const latency = latencyRules(context, target);
        return {
            name: `jarvis-slo-${target.entry.id}`,
            rules: [
                ...errorRatioRecords(context, target),
                ...budgetRecords(context, target),
                ...latency.records,
                ...burnRateAlerts.map((spec) => burnRateAlert(context, target, spec)),
                ...latency.alerts,
            ],
        };
    });
}
