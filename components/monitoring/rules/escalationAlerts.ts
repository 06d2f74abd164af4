/**
 * Escalation by duration (see `../escalation.ts`): a critical alert still firing when the next
 * level of the runbook's matrix takes over raises an alert for that level. It reads Prometheus'
 * own ALERTS series, keeps every label of the original alert (so routing and silences see the same
 * service), and names the original in `escalated_alert`.
 */
import { formatDuration } from "../../../catalog/duration";
import { escalationAlertName, EscalationLevel, escalationMatrix } from "../escalation";
import { RuleContext, runbookUrl } from "./context";
import { selector } from "./promql";
import { AlertingRule, RuleGroup } from "./types";

export function escalationAlert(context: RuleContext, level: EscalationLevel & { level: 2 | 3 }): AlertingRule {
    const firing = selector("ALERTS", [
        { label: "alertstate", value: "firing" },
        { label: "severity", value: "critical" },
        { label: "namespace", value: context.namespace },
        // Escalations do not escalate themselves.
        { label: "alertname", op: "!~", value: "EscalateToLevel.*" },
    ]);
    const after = formatDuration(level.afterSeconds);
    return {
        alert: escalationAlertName(level.level),
        expr: `max without (alertstate) (label_replace(${firing}, "escalated_alert", "$1", "alertname", "(.*)"))`,
        for: after,
        labels: { severity: "critical", namespace: context.namespace, escalation_level: String(level.level) },
        annotations: {
            summary: `{{ $labels.escalated_alert }} still firing after ${after}: escalate to level ${level.level} (${level.situation})`,
            description: `Responders: ${level.responders.join(", ")}`,
            action: level.actions.join("; "),
            runbook_url: runbookUrl(context, "escalation"),
        },
    };
}

export function escalationAlertGroups(context: RuleContext): RuleGroup[] {
    const levels = escalationMatrix.filter((l): l is EscalationLevel & { level: 2 | 3 } => l.level !== 1);
    return [{ name: "jarvis-escalation", rules: levels.map((level) => escalationAlert(context, level)) }];
}
