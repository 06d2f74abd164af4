/** Prometheus rule files as data: what a PrometheusRule's `spec.groups` and a plain rule file hold. */

export interface AlertingRule {
    readonly alert: string;
    readonly expr: string;
    /** How long the expression must hold before the alert fires (absent: at once). */
    readonly for?: string;
    readonly labels: Readonly<Record<string, string>>;
    readonly annotations: Readonly<Record<string, string>>;
}

export interface RecordingRule {
    readonly record: string;
    readonly expr: string;
    readonly labels?: Readonly<Record<string, string>>;
}

export type Rule = AlertingRule | RecordingRule;

export interface RuleGroup {
    readonly name: string;
    readonly rules: readonly Rule[];
}

export function isAlertingRule(rule: Rule): rule is AlertingRule {
    return "alert" in rule;
}

export function isRecordingRule(rule: Rule): rule is RecordingRule {
    return "record" in rule;
}

/** Severities the routing knows: `critical` pages, `warning` goes to the alerts channel. */
export type Severity = "critical" | "warning";
