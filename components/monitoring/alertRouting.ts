/**
 * Alertmanager routing from the runbook's notification channels and escalation matrix, as an
 * AlertmanagerConfig spec (prometheus-operator `monitoring.coreos.com/v1alpha1`):
 * - critical alerts: the critical Slack channel, the critical e-mail address, and the pager (or SMS
 *   gateway) when configured; re-sent every 15 minutes until resolved or silenced;
 * - warnings: the alerts channel and the technical team's e-mail; re-sent every 4 hours;
 * - maintenance alerts (backups, certificates): also to the maintenance channel;
 * - escalations (`escalation.ts`): level 2 to the technical team, level 3 to management.
 * Slack and the pager need webhook URLs, which are secrets: a receiver gets them only when the stack
 * has the secret. E-mail needs none, so every route always reaches someone.
 * The operator confines the whole tree to alerts labelled with the AlertmanagerConfig's namespace,
 * which every Jarvis alert is.
 */
import { ReceiversConfig } from "../../config/sections/monitoring";

/** A key of a Kubernetes Secret in the AlertmanagerConfig's namespace. */
export interface SecretKeyRef {
    readonly name: string;
    readonly key: string;
}

/** Webhook secrets present in the stack. */
export interface WebhookSecrets {
    readonly slack?: SecretKeyRef;
    readonly pager?: SecretKeyRef;
}

export interface Matcher {
    readonly name: string;
    readonly value: string;
    readonly matchType: "=" | "!=" | "=~" | "!~";
}

export interface Route {
    readonly receiver: string;
    readonly matchers?: readonly Matcher[];
    readonly groupBy?: readonly string[];
    readonly groupWait?: string;
    readonly groupInterval?: string;
    readonly repeatInterval?: string;
    readonly continue?: boolean;
    readonly routes?: readonly Route[];
}

export interface Receiver {
    readonly name: string;
    readonly slackConfigs?: readonly Record<string, unknown>[];
    readonly emailConfigs?: readonly Record<string, unknown>[];
    readonly webhookConfigs?: readonly Record<string, unknown>[];
}

export interface InhibitRule {
    readonly sourceMatch: readonly Matcher[];
    readonly targetMatch: readonly Matcher[];
    readonly equal: readonly string[];
}

export interface AlertRoutingSpec {
    readonly route: Route;
    readonly receivers: readonly Receiver[];
    readonly inhibitRules: readonly InhibitRule[];
}

export const receiverNames = {
    critical: "critical",
    warnings: "warnings",
    maintenance: "maintenance",
    escalationLevel2: "escalation-level-2",
    escalationLevel3: "escalation-level-3",
} as const;

function equals(name: string, value: string): Matcher {
    return { name, value, matchType: "=" };
}

// Every Jarvis alert carries a summary, an action and a runbook link: put them in the message.
const slackTitle = '[{{ .Status | toUpper }}{{ if eq .Status "firing" }}:{{ .Alerts.Firing | len }}{{ end }}] {{ .CommonLabels.alertname }} ({{ .CommonLabels.namespace }})';
const slackText =
    "{{ range .Alerts }}*{{ .Annotations.summary }}*\n{{ .Annotations.description }}\nAction: {{ .Annotations.action }}\nRunbook: {{ .Annotations.runbook_url }}\n{{ end }}";

function slack(secrets: WebhookSecrets, channel: string): Pick<Receiver, "slackConfigs"> {
    if (!secrets.slack) return {};
    return { slackConfigs: [{ apiURL: { name: secrets.slack.name, key: secrets.slack.key }, channel, sendResolved: true, title: slackTitle, text: slackText }] };
}

function email(receivers: ReceiversConfig, to: readonly string[]): Pick<Receiver, "emailConfigs"> {
    const { from, smarthost } = receivers.email;
    return { emailConfigs: to.map((address) => ({ to: address, from, ...(smarthost ? { smarthost } : {}), sendResolved: true })) };
}

function pager(secrets: WebhookSecrets): Pick<Receiver, "webhookConfigs"> {
    if (!secrets.pager) return {};
    return { webhookConfigs: [{ urlSecret: { name: secrets.pager.name, key: secrets.pager.key }, sendResolved: true }] };
}

export function alertRoutingSpec(receivers: ReceiversConfig, secrets: WebhookSecrets): AlertRoutingSpec {
    const { slack: channels, email: addresses } = receivers;
    return {
        route: {
            receiver: receiverNames.warnings,
            groupBy: ["alertname", "service", "job"],
            groupWait: "30s",
            groupInterval: "5m",
            repeatInterval: "4h",
            routes: [
                // Seen by the maintenance channel, then routed by severity below as well.
                { receiver: receiverNames.maintenance, matchers: [equals("category", "maintenance")], continue: true, repeatInterval: "24h" },
                { receiver: receiverNames.escalationLevel3, matchers: [equals("escalation_level", "3")], repeatInterval: "1h" },
                { receiver: receiverNames.escalationLevel2, matchers: [equals("escalation_level", "2")], repeatInterval: "30m" },
                // Level 1: re-sent every 15 minutes, the level's window, until resolved or silenced.
                {
                    receiver: receiverNames.critical,
                    matchers: [equals("severity", "critical")],
                    groupWait: "10s",
                    groupInterval: "1m",
                    repeatInterval: "15m",
                },
                { receiver: receiverNames.warnings, matchers: [equals("severity", "warning")], repeatInterval: "4h" },
            ],
        },
        receivers: [
            { name: receiverNames.critical, ...slack(secrets, channels.critical), ...email(receivers, [addresses.critical]), ...pager(secrets) },
            { name: receiverNames.warnings, ...slack(secrets, channels.warnings), ...email(receivers, [addresses.technical]) },
            // Without Slack this receiver is silent on purpose: the severity routes still e-mail.
            { name: receiverNames.maintenance, ...slack(secrets, channels.maintenance) },
            { name: receiverNames.escalationLevel2, ...slack(secrets, channels.critical), ...email(receivers, [addresses.technical]) },
            {
                name: receiverNames.escalationLevel3,
                ...slack(secrets, channels.critical),
                ...email(receivers, [addresses.management, addresses.technical]),
            },
        ],
        inhibitRules: [
            // Once an alert reached level 3, stop repeating its level-2 escalation.
            {
                sourceMatch: [equals("escalation_level", "3")],
                targetMatch: [equals("escalation_level", "2")],
                equal: ["escalated_alert", "job", "service", "instance", "pod"],
            },
        ],
    };
}
