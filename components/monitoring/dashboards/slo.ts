/**
 * The SLO dashboard: error budget left over the SLO period and burn rates per service, with the
 * burn-rate alerts' thresholds, and p95 latency against its objective. Every panel reads the SLO
 * recording rules (`../rules/sloRules.ts`), so it shows exactly what the alerts evaluate.
 */
import { RuleContext } from "../rules/context";
import { selector } from "../rules/promql";
import { burnRateAlerts, sloPeriod, sloRecords } from "../rules/sloRules";
import { dashboard, Dashboard, Threshold } from "./model";

/** Threshold steps at each burn-rate alert factor (1x, 3x, 6x, 14.4x). */
function burnThresholds(): Threshold[] {
    const factors = burnRateAlerts.flatMap((a) => a.conditions.map((c) => c.factor)).sort((a, b) => a - b);
    const colors = ["yellow", "orange", "dark-orange", "red"];
    return [{ color: "green", value: null }, ...factors.map((factor, i) => ({ color: colors[Math.min(i, colors.length - 1)], value: factor }))];
}

export function sloDashboard(context: RuleContext, environment: string): Dashboard {
    const ns = [{ label: "namespace", value: context.namespace }];
    return dashboard({ uid: `jarvis-${environment}-slo`, title: `Jarvis SLOs (${environment})`, tags: ["jarvis", "slo", environment] }, [
        {
            type: "bargauge",
            title: `Error Budget Remaining (${sloPeriod})`,
            description: `Share of each service's ${sloPeriod} error budget left: 100 % untouched, 0 % spent, below 0 the SLO is missed.`,
            queries: [{ expr: selector(sloRecords.budgetRemaining, ns), legend: "{{ service }}" }],
            unit: "percentunit",
            thresholds: [
                { color: "red", value: null },
                { color: "orange", value: 0 },
                { color: "yellow", value: 0.25 },
                { color: "green", value: 0.5 },
            ],
            width: 24,
        },
        {
            type: "timeseries",
            title: "Burn Rate (5m)",
            description: "How fast each service spends its error budget now: 1 spends it exactly over the period.",
            queries: [{ expr: selector(sloRecords.currentBurnRate, ns), legend: "{{ service }}" }],
            unit: "none",
            min: 0,
            thresholds: burnThresholds(),
        },
        {
            type: "timeseries",
            title: "Burn Rate (1h)",
            description: "Burn rate over the page alert's long window: above 14.4 (with the 5-minute window) it pages.",
            queries: [
                {
                    expr: `${selector(sloRecords.errorRatio("1h"), ns)} / on (namespace, service, slo) ${selector(sloRecords.errorBudget, ns)}`,
                    legend: "{{ service }}",
                },
            ],
            unit: "none",
            min: 0,
            thresholds: burnThresholds(),
        },
        {
            type: "timeseries",
            title: "Response Time P95 vs SLO",
            description: "p95 response time of the services with a latency histogram, and their objectives.",
            queries: [
                { expr: selector(sloRecords.latencyP95, ns), legend: "{{ service }} P95" },
                { expr: selector(sloRecords.latencyObjective, ns), legend: "{{ service }} objective" },
            ],
            unit: "s",
            min: 0,
            thresholds: [{ color: "green", value: null }],
            width: 24,
        },
    ]);
}
