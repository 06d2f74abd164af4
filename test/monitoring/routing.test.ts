/**
 * Alertmanager routing: alerts are routed the way Alertmanager walks the tree (first matching child
 * wins unless it says `continue`; no matching child: the node's own receiver), and each receiver
 * notifies the runbook's channels. Webhook URLs stay secrets: referenced, never written.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { AlertRoutingSpec, alertRoutingSpec, Matcher, Receiver, Route } from "../../components/monitoring/alertRouting";
import { RawConfig } from "../../config/schema";
import { plan } from "../support/program";
import { configOf } from "./stack";

function matches(matcher: Matcher, labels: Record<string, string>): boolean {
    const value = labels[matcher.name] ?? "";
    switch (matcher.matchType) {
        case "=":
            return value === matcher.value;
        case "!=":
            return value !== matcher.value;
        case "=~":
            return new RegExp(`^(?:${matcher.value})$`).test(value);
        case "!~":
            return !new RegExp(`^(?:${matcher.value})$`).test(value);
    }
}

/** Receivers an alert reaches, as Alertmanager routes it. */
function receiversFor(route: Route, labels: Record<string, string>): string[] {
    if (!(route.matchers ?? []).every((m) => matches(m, labels))) return [];
    const reached: string[] = [];
    for (const child of route.routes ?? []) {
        const found = receiversFor(child, labels);
        if (found.length === 0) continue;
        reached.push(...found);
        if (!child.continue) break;
    }
    return reached.length > 0 ? reached : [route.receiver];
}

let config: RawConfig;
let withSecrets: AlertRoutingSpec;
let emailOnly: AlertRoutingSpec;
const secretRefs = { slack: { name: "alertmanager-webhooks", key: "slack-webhook-url" }, pager: { name: "alertmanager-webhooks", key: "pager-webhook-url" } };

function receiver(spec: AlertRoutingSpec, name: string): Receiver {
    const found = spec.receivers.find((r) => r.name === name);
    if (!found) throw new Error(`no receiver ${name}`);
    return found;
}

beforeAll(() => {
    config = configOf("staging");
    withSecrets = alertRoutingSpec(config.monitoring.receivers, secretRefs);
    emailOnly = alertRoutingSpec(config.monitoring.receivers, {});
});

describe("alert routing", () => {
    const ns = "jarvis-staging";

    it("routes a critical alert to the critical receivers: critical channel, critical e-mail, pager", () => {
        expect(receiversFor(withSecrets.route, { alertname: "ServiceDown", severity: "critical", namespace: ns, job: "jarvis-backend" })).toEqual(["critical"]);
        const critical = receiver(withSecrets, "critical");
        expect(critical.slackConfigs?.map((c) => c.channel)).toEqual(["#jarvis-critical"]);
        expect(critical.slackConfigs?.[0].apiURL).toEqual(secretRefs.slack);
        expect(critical.emailConfigs?.map((c) => c.to)).toEqual(["critical@jarvis.com"]);
        expect(critical.webhookConfigs?.map((c) => c.urlSecret)).toEqual([secretRefs.pager]);
        // A page repeats within level 1's 15 minutes, and goes out fast.
        const route = withSecrets.route.routes?.find((r) => r.receiver === "critical");
        expect(route?.repeatInterval).toBe("15m");
        expect(route?.groupWait).toBe("10s");
    });

    it("routes warnings to the alerts channel and the technical team", () => {
        expect(receiversFor(withSecrets.route, { alertname: "DatabaseConnectionsHigh", severity: "warning", namespace: ns })).toEqual(["warnings"]);
        const warnings = receiver(withSecrets, "warnings");
        expect(warnings.slackConfigs?.map((c) => c.channel)).toEqual(["#jarvis-alerts"]);
        expect(warnings.emailConfigs?.map((c) => c.to)).toEqual(["tech-team@jarvis.com"]);
        expect(warnings.webhookConfigs).toBeUndefined();
    });

    it("copies maintenance alerts to the maintenance channel, then routes them by severity", () => {
        const labels = { alertname: "BackupStale", severity: "critical", category: "maintenance", service: "postgres", namespace: ns };
        expect(receiversFor(withSecrets.route, labels)).toEqual(["maintenance", "critical"]);
        expect(receiversFor(withSecrets.route, { ...labels, severity: "warning", service: "qdrant" })).toEqual(["maintenance", "warnings"]);
        expect(receiver(withSecrets, "maintenance").slackConfigs?.map((c) => c.channel)).toEqual(["#jarvis-maintenance"]);
    });

    it("routes escalations to the next level of the matrix", () => {
        const escalated = { alertname: "EscalateToLevel2", severity: "critical", escalated_alert: "ServiceDown", namespace: ns };
        expect(receiversFor(withSecrets.route, { ...escalated, escalation_level: "2" })).toEqual(["escalation-level-2"]);
        expect(receiversFor(withSecrets.route, { ...escalated, alertname: "EscalateToLevel3", escalation_level: "3" })).toEqual(["escalation-level-3"]);
        expect(receiver(withSecrets, "escalation-level-3").emailConfigs?.map((c) => c.to)).toContain("leadership@jarvis.com");
        expect(withSecrets.inhibitRules[0].sourceMatch).toEqual([{ name: "escalation_level", value: "3", matchType: "=" }]);
    });

    it("groups and repeats notifications", () => {
        expect(withSecrets.route.groupBy).toEqual(["alertname", "service", "job"]);
        expect(withSecrets.route.groupWait).toBe("30s");
        expect(withSecrets.route.groupInterval).toBe("5m");
        expect(withSecrets.route.repeatInterval).toBe("4h");
    });

    it("references only receivers that exist, and uses every receiver", () => {
        const names = new Set(withSecrets.receivers.map((r) => r.name));
        const used = new Set<string>();
        const walk = (route: Route) => {
            used.add(route.receiver);
            (route.routes ?? []).forEach(walk);
        };
        walk(withSecrets.route);
        expect([...used].filter((n) => !names.has(n))).toEqual([]);
        expect([...names].filter((n) => !used.has(n))).toEqual([]);
    });

    it("without webhook secrets, notifies by e-mail only and still reaches someone on every severity", () => {
        for (const r of emailOnly.receivers) {
            expect(r.slackConfigs, r.name).toBeUndefined();
            expect(r.webhookConfigs, r.name).toBeUndefined();
        }
        for (const severity of ["critical", "warning"]) {
            const reached = receiversFor(emailOnly.route, { alertname: "X", severity, namespace: ns, category: "maintenance" });
            const emails = reached.flatMap((name) => receiver(emailOnly, name).emailConfigs ?? []);
            expect(emails.length, severity).toBeGreaterThan(0);
        }
    });
});

describe("rendered AlertmanagerConfig", () => {
    it("without secrets: schema-valid, e-mail only, no webhook Secret", async () => {
        const rendered = await plan("staging");
        expect(rendered.problems).toEqual([]);
        const routing = rendered.objects.filter((o) => o.kind === "AlertmanagerConfig");
        expect(routing.map((o) => [o.apiVersion, o.metadata.name, o.metadata.namespace])).toEqual([
            ["monitoring.coreos.com/v1alpha1", "jarvis-alert-routing", "jarvis-staging"],
        ]);
        expect(rendered.objects.some((o) => o.kind === "Secret" && o.metadata.name === "alertmanager-webhooks")).toBe(false);
        expect(JSON.stringify(routing[0])).not.toContain("slackConfigs");
    });

    it("with secrets: the URLs live in a Secret the receivers reference, never in the routing", async () => {
        const slackUrl = "https://hooks.slack.com/services/T000/B000/XXXXXXXX";
        const pagerUrl = "https://pager.example.com/integration/abc123";
        const rendered = await plan("staging", { slackWebhookUrl: slackUrl, pagerWebhookUrl: pagerUrl });
        expect(rendered.problems).toEqual([]);
        const secret = rendered.objects.find((o) => o.kind === "Secret" && o.metadata.name === "alertmanager-webhooks");
        expect(secret?.stringData).toEqual({ "slack-webhook-url": "[secret]", "pager-webhook-url": "[secret]" });
        const text = JSON.stringify(rendered.objects);
        expect(text).not.toContain(slackUrl);
        expect(text).not.toContain(pagerUrl);
        const spec = rendered.objects.find((o) => o.kind === "AlertmanagerConfig")?.spec as AlertRoutingSpec;
        expect(receiversFor(spec.route, { alertname: "ServiceDown", severity: "critical", namespace: "jarvis-staging" })).toEqual(["critical"]);
        const critical = spec.receivers.find((r) => r.name === "critical");
        expect(critical?.slackConfigs?.[0].apiURL).toEqual(secretRefs.slack);
        expect(critical?.webhookConfigs?.[0].urlSecret).toEqual(secretRefs.pager);
    });
});
