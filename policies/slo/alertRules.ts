/**
 * Every service with an SLO that runs in the audited resources has, in PrometheusRule objects, an
 * availability alert and a P95 latency alert, neither looser than its SLO:
 * - availability: the objective in the expression (`(1 - 0.999)` error budget, a `< 0.999`
 *   availability ratio, or an error-ratio threshold `> <factor> * <budget>`) is at least the SLO's,
 *   with a burn-rate factor no higher than `maxBurnRate` (14.4, the SRE workbook's fast page);
 * - latency: `histogram_quantile(q >= 0.95, ...)`, directly or through a recording rule, compared
 *   against a threshold no higher than the SLO's P95 (seconds; milliseconds when the metric says so).
 */
import { alertRuleLabels, labels, sloKinds } from "../conventions";
import { Objective, ObjectivesConfig, objectivesDefaults, objectivesSchema } from "../lib/config";
import { describeSeconds } from "../lib/durations";
import { findingAt, ofKind } from "../lib/kubernetes";
import { Finding, stackPolicy } from "../lib/policy";
import { budgetObjectives, comparisons, metricNames, quantiles, serviceMatchers } from "../lib/promql";
import { asString, asStructs, at, containsUnknown, stringMap } from "../lib/values";
import { ResourceView, serviceOf } from "../lib/view";

interface Config extends ObjectivesConfig {
    /** Highest burn-rate factor an availability alert may wait for. */
    readonly maxBurnRate: number;
}

const defaults: Config = { ...objectivesDefaults, maxBurnRate: 14.4 };

interface AlertRule {
    readonly alert: string;
    readonly expr: string;
    readonly service?: string;
    readonly slo?: string;
    readonly object: ResourceView;
}

interface Rules {
    readonly alerts: AlertRule[];
    /** Recording rule name -> expression. */
    readonly records: Map<string, string>;
    /** Some rule content is unknown during preview. */
    readonly incomplete: boolean;
}

function collectRules(views: readonly ResourceView[]): Rules {
    const alerts: AlertRule[] = [];
    const records = new Map<string, string>();
    let incomplete = false;
    for (const object of ofKind(views, "PrometheusRule")) {
        // An alert whose name, labels or expression is unknown during preview may be the one required.
        if (containsUnknown(object.props.spec) || object.metadata.unknown.has("labels")) incomplete = true;
        for (const rule of asStructs(at(object.props, "spec", "groups")).flatMap((g) => asStructs(g.rules))) {
            const expr = asString(rule.expr);
            if (expr === undefined) continue;
            const record = asString(rule.record);
            if (record !== undefined) records.set(record, expr);
            const alert = asString(rule.alert);
            if (alert === undefined) continue;
            const ruleLabels = stringMap(rule.labels);
            const service =
                alertRuleLabels.service.map((key) => ruleLabels[key]).find((v) => v !== undefined) ??
                object.metadata.labels[labels.service] ??
                serviceMatchers(expr)[0];
            alerts.push({ alert, expr, service, slo: ruleLabels[alertRuleLabels.slo], object });
        }
    }
    return { alerts, records, incomplete };
}

/** The expression with the recording rules it reads expanded one level (enough for Sloth-style rules). */
function expanded(expr: string, records: Map<string, string>): string {
    const used = metricNames(expr).flatMap((name) => records.get(name) ?? []);
    return [expr, ...used].join("\n");
}

function kindOf(rule: AlertRule, records: Map<string, string>): string | undefined {
    if (rule.slo === sloKinds.availability || rule.slo === sloKinds.latency) return rule.slo;
    if (quantiles(expanded(rule.expr, records)).length > 0) return sloKinds.latency;
    if (budgetObjectives(rule.expr).length > 0 || /availability|burn|error.?budget/i.test(rule.alert)) return sloKinds.availability;
    return undefined;
}

/** Why an availability alert is looser than the SLO; undefined when it is not. */
function availabilityLooseness(rule: AlertRule, objective: Objective, maxBurnRate: number): string | undefined {
    const readings = comparisons(rule.expr).flatMap((c) => {
        if (c.operator.startsWith("<") && c.value >= 0.5 && c.value < 1) return [{ objective: c.value, factor: 1 }];
        if (!c.operator.startsWith(">") || c.value <= 0 || c.value >= 1) return [];
        const written = budgetObjectives(c.text)[0];
        const numbers = [...c.text.matchAll(/\d*\.?\d+(?:[eE][-+]?\d+)?/g)].map((m) => Number(m[0])).filter((n) => n > 0 && n < 0.5);
        const budget = written !== undefined ? 1 - written : numbers.length > 0 ? Math.min(...numbers) : c.value;
        return [{ objective: 1 - budget, factor: c.value / budget }];
    });
    if (readings.length === 0) return `${rule.alert}: no threshold against an error budget or availability ratio could be read`;
    const loosest = Math.min(...readings.map((r) => r.objective));
    const fastest = Math.max(...readings.map((r) => r.factor));
    if (loosest < objective.availability - 1e-9) return `${rule.alert} alerts against ${percent(loosest)}, looser than the SLO ${percent(objective.availability)}`;
    if (fastest > maxBurnRate + 1e-9) return `${rule.alert} waits for a burn rate of ${round(fastest)}x, above ${maxBurnRate}x`;
    return undefined;
}

/** Why a latency alert is looser than the SLO; undefined when it is not. */
function latencyLooseness(rule: AlertRule, records: Map<string, string>, objective: Objective): string | undefined {
    const full = expanded(rule.expr, records);
    const quantile = Math.min(...quantiles(full));
    if (!(quantile >= 0.95)) return `${rule.alert} does not measure the 95th percentile (histogram_quantile(0.95, ...))`;
    const scale = /_milliseconds|_ms\b/.test(full) ? 0.001 : 1;
    const thresholds = comparisons(rule.expr).filter((c) => c.operator.startsWith(">")).map((c) => c.value * scale);
    if (thresholds.length === 0) return `${rule.alert}: no latency threshold could be read`;
    const loosest = Math.max(...thresholds);
    if (loosest > objective.latencyP95Seconds + 1e-9) {
        return `${rule.alert} fires above ${describeLatency(loosest)}, looser than the SLO P95 ${describeLatency(objective.latencyP95Seconds)}`;
    }
    return undefined;
}

function percent(ratio: number): string {
    return `${round(ratio * 100)} %`;
}
function round(n: number): string {
    return String(Math.round(n * 1000) / 1000);
}
function describeLatency(seconds: number): string {
    return seconds < 1 ? `${round(seconds * 1000)} ms` : describeSeconds(seconds);
}

function judge(service: string, objective: Objective, rules: Rules, config: Config): string[] {
    const mine = rules.alerts.filter((r) => r.service === service);
    const problems: string[] = [];
    const availability = mine.filter((r) => kindOf(r, rules.records) === sloKinds.availability);
    const availabilityIssues = availability.map((r) => availabilityLooseness(r, objective, config.maxBurnRate));
    if (!availabilityIssues.some((issue) => issue === undefined)) {
        problems.push(
            availability.length === 0
                ? `no availability (error-budget burn) alert for the ${percent(objective.availability)} SLO: label a rule service: ${service}, slo: availability`
                : `no availability alert as strict as the SLO: ${availabilityIssues.join("; ")}`,
        );
    }
    const latency = mine.filter((r) => kindOf(r, rules.records) === sloKinds.latency);
    const latencyIssues = latency.map((r) => latencyLooseness(r, rules.records, objective));
    if (!latencyIssues.some((issue) => issue === undefined)) {
        problems.push(
            latency.length === 0
                ? `no P95 latency alert for the ${describeLatency(objective.latencyP95Seconds)} SLO: label a rule service: ${service}, slo: latency`
                : `no latency alert as strict as the SLO: ${latencyIssues.join("; ")}`,
        );
    }
    return problems;
}

export const sloAlertRules = stackPolicy<Config>({
    name: "slo-alert-rules",
    description:
        "Every service with an SLO has Prometheus alert rules for availability (error-budget burn) and for P95 latency, with thresholds no looser than its SLO.",
    enforcementLevel: "mandatory",
    config: {
        schema: {
            ...objectivesSchema,
            maxBurnRate: { type: "number", minimum: 1, default: defaults.maxBurnRate, description: "Highest burn-rate factor an availability alert may wait for." },
        },
        defaults,
    },
    remediationSteps:
        "Add PrometheusRule alerts labelled service: <id> and slo: availability|latency, e.g. error ratio > (14.4 * (1 - 0.999)) and histogram_quantile(0.95, ...) > 0.2.",
    check: (views, _context, config): Finding[] => {
        const rules = collectRules(views);
        if (rules.incomplete) return [];
        const workloads = ofKind(views, "Deployment", "StatefulSet", "DaemonSet");
        const services = [...new Set(workloads.flatMap((w) => serviceOf(w) ?? []))].filter((s) => config.objectives[s] !== undefined);
        return services.flatMap((service) => {
            const first = workloads.find((w) => serviceOf(w) === service);
            const problems = judge(service, config.objectives[service], rules, config);
            return first === undefined ? [] : problems.map((p) => findingAt(first, p));
        });
    },
});
