/**
 * The platform's monitoring, as prometheus-operator and Grafana-sidecar objects in the platform's
 * namespace: the alert and SLO rules (PrometheusRule), what Prometheus scrapes (ServiceMonitor),
 * the dashboards (ConfigMaps the Grafana sidecar loads), notification routing (AlertmanagerConfig,
 * its webhook URLs in a Secret) and, when configured, the monitoring stack itself (Helm).
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { JarvisConfig } from "../../config/load";
import { alertRoutingSpec, SecretKeyRef, WebhookSecrets } from "./alertRouting";
import { Dashboard } from "./dashboards/model";
import { operationalDashboard } from "./dashboards/operational";
import { sloDashboard } from "./dashboards/slo";
import { monitoringLabels, MonitoringReader } from "./labels";
import { MonitoringStack } from "./monitoringStack";
import { ruleContext, ruleSets } from "./rules";
import { scrapeTargets } from "./scrapeTargets";
import { serviceMonitorSpec } from "./serviceMonitors";

export interface MonitoringArgs {
    /** The validated stack configuration. */
    readonly config: JarvisConfig;
    /** Namespace of every object (the Namespace resource's name, so objects wait for it). */
    readonly namespace: pulumi.Input<string>;
}

/** Name of the Secret holding the notification webhooks, and its keys. */
export const webhookSecretName = "alertmanager-webhooks";
const webhookKeys = { slack: "slack-webhook-url", pager: "pager-webhook-url" } as const;

export class Monitoring extends pulumi.ComponentResource {
    /** PrometheusRules by name. */
    readonly rules: Record<string, k8s.apiextensions.CustomResource>;
    readonly serviceMonitors: k8s.apiextensions.CustomResource[];
    readonly dashboards: k8s.core.v1.ConfigMap[];
    readonly routing: k8s.apiextensions.CustomResource;
    readonly stack: MonitoringStack;

    constructor(name: string, args: MonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
        super("jarvis:monitoring:Monitoring", name, {}, opts);
        const { config, namespace } = args;
        const monitoring = config.monitoring;
        const context = ruleContext(config);
        const labels = (reader: MonitoringReader, component: string, selectedBy: Record<string, string> = monitoring.selectorLabels) =>
            monitoringLabels(reader, component, config.environment, selectedBy);

        this.stack = new MonitoringStack(`${name}-stack`, { monitoring, environment: config.environment }, { parent: this });
        // Custom resources need the operator's CRDs: when this program installs them, wait for the chart.
        const crds = this.stack.kubePrometheusStack ? [this.stack.kubePrometheusStack] : [];
        const afterStack = { parent: this, dependsOn: crds };

        this.rules = {};
        for (const set of ruleSets(context)) {
            this.rules[set.name] = new k8s.apiextensions.CustomResource(
                set.name,
                {
                    apiVersion: "monitoring.coreos.com/v1",
                    kind: "PrometheusRule",
                    metadata: { name: set.name, namespace, labels: labels("prometheus", set.name) },
                    spec: { groups: set.groups },
                },
                afterStack,
            );
        }

        this.serviceMonitors = scrapeTargets.map(
            (target) =>
                new k8s.apiextensions.CustomResource(
                    `${target.service}-metrics`,
                    {
                        apiVersion: "monitoring.coreos.com/v1",
                        kind: "ServiceMonitor",
                        metadata: { name: target.service, namespace, labels: labels("prometheus", `${target.service}-metrics`) },
                        spec: serviceMonitorSpec(target),
                    },
                    afterStack,
                ),
        );

        const dashboardLabel = { [monitoring.grafanaDashboardLabel.key]: monitoring.grafanaDashboardLabel.value };
        const dashboardConfigMap = (board: Dashboard, objectName: string) =>
            new k8s.core.v1.ConfigMap(
                objectName,
                {
                    metadata: {
                        name: objectName,
                        namespace,
                        labels: labels("grafana", objectName, dashboardLabel),
                        // The sidecar files dashboards under this folder when its folderAnnotation is set.
                        annotations: { grafana_folder: "Jarvis" },
                    },
                    data: { [`${board.uid}.json`]: `${JSON.stringify(board, null, 2)}\n` },
                },
                { parent: this },
            );
        this.dashboards = [
            dashboardConfigMap(operationalDashboard(context, config.environment), "jarvis-operational-dashboard"),
            dashboardConfigMap(sloDashboard(context, config.environment), "jarvis-slo-dashboard"),
        ];

        const secrets = this.webhookSecrets(config, namespace, labels("prometheus", webhookSecretName, {}));
        this.routing = new k8s.apiextensions.CustomResource(
            "jarvis-alert-routing",
            {
                apiVersion: "monitoring.coreos.com/v1alpha1",
                kind: "AlertmanagerConfig",
                metadata: { name: "jarvis-alert-routing", namespace, labels: labels("prometheus", "jarvis-alert-routing") },
                spec: alertRoutingSpec(monitoring.receivers, secrets.refs),
            },
            { ...afterStack, dependsOn: [...crds, ...secrets.resources] },
        );

        this.registerOutputs({
            rules: Object.keys(this.rules),
            dashboards: this.dashboards.map((d) => d.metadata.name),
            routing: this.routing.metadata.name,
        });
    }

    /**
     * The Secret Alertmanager reads webhook URLs from, with only the webhooks the stack has. Without
     * any, no Secret: receivers then notify by e-mail only.
     */
    private webhookSecrets(
        config: JarvisConfig,
        namespace: pulumi.Input<string>,
        labels: Record<string, string>,
    ): { refs: WebhookSecrets; resources: k8s.core.v1.Secret[] } {
        const present: { kind: keyof typeof webhookKeys; url: pulumi.Output<string> }[] = [];
        if (config.slackWebhookUrl) present.push({ kind: "slack", url: config.slackWebhookUrl });
        if (config.pagerWebhookUrl) present.push({ kind: "pager", url: config.pagerWebhookUrl });
        if (present.length === 0) return { refs: {}, resources: [] };
        const secret = new k8s.core.v1.Secret(
            webhookSecretName,
            {
                metadata: { name: webhookSecretName, namespace, labels },
                type: "Opaque",
                stringData: Object.fromEntries(present.map((p) => [webhookKeys[p.kind], pulumi.secret(p.url)])),
            },
            { parent: this },
        );
        const refs: { -readonly [K in keyof WebhookSecrets]: SecretKeyRef } = {};
        for (const p of present) refs[p.kind] = { name: webhookSecretName, key: webhookKeys[p.kind] };
        return { refs, resources: [secret] };
    }
}
