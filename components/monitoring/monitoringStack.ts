/**
 * Optional install of the monitoring stack through its Helm charts, pinned to exact versions:
 * kube-prometheus-stack (Prometheus, Alertmanager, Grafana, kube-state-metrics, the operator and
 * its CRDs) and Jenkins, the runbook's DevOps tier. The values make the stack pick up what the
 * Monitoring component renders: rules, monitors and routing carrying the selector labels, in any
 * namespace, and dashboards carrying the sidecar's label, in any namespace. Ports are the catalog's.
 * By default neither is installed: the program assumes a monitoring stack (and its CRDs) exists.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { catalog } from "../../catalog/services";
import { MonitoringConfig } from "../../config/sections/monitoring";

export const chartRepositories = {
    kubePrometheusStack: "https://prometheus-community.github.io/helm-charts",
    jenkins: "https://charts.jenkins.io",
} as const;

export interface MonitoringStackArgs {
    /** The `monitoring` section of the stack configuration. */
    readonly monitoring: MonitoringConfig;
}

/** kube-prometheus-stack values; the Grafana admin password is generated, never the chart's default. */
export function kubePrometheusStackValues(monitoring: MonitoringConfig, grafanaAdminPassword: pulumi.Input<string>): Record<string, unknown> {
    const selector = { matchLabels: monitoring.selectorLabels };
    const everyNamespace = {};
    return {
        prometheus: {
            service: { port: catalog.prometheus.port },
            prometheusSpec: {
                ruleSelector: selector,
                ruleNamespaceSelector: everyNamespace,
                serviceMonitorSelector: selector,
                serviceMonitorNamespaceSelector: everyNamespace,
                // Long enough for the SLO period's error budget (30 days).
                retention: "31d",
            },
        },
        alertmanager: {
            alertmanagerSpec: {
                alertmanagerConfigSelector: selector,
                alertmanagerConfigNamespaceSelector: everyNamespace,
            },
        },
        grafana: {
            adminPassword: grafanaAdminPassword,
            service: { port: catalog.grafana.port },
            sidecar: {
                dashboards: {
                    enabled: true,
                    label: monitoring.grafanaDashboardLabel.key,
                    labelValue: monitoring.grafanaDashboardLabel.value,
                    searchNamespace: "ALL",
                },
            },
        },
    };
}

export function jenkinsValues(): Record<string, unknown> {
    return { controller: { servicePort: catalog.jenkins.port, serviceType: "ClusterIP" } };
}

export class MonitoringStack extends pulumi.ComponentResource {
    /** kube-prometheus-stack, when installed here: custom resources wait for its CRDs. */
    readonly kubePrometheusStack?: k8s.helm.v3.Release;
    readonly jenkins?: k8s.helm.v3.Release;

    constructor(name: string, args: MonitoringStackArgs, opts?: pulumi.ComponentResourceOptions) {
        super("jarvis:monitoring:MonitoringStack", name, {}, opts);
        const { install } = args.monitoring;
        if (install.kubePrometheusStack.enabled) {
            const password = new random.RandomPassword(`${name}-grafana-admin`, { length: 32, special: false }, { parent: this });
            this.kubePrometheusStack = new k8s.helm.v3.Release(
                `${name}-kube-prometheus-stack`,
                {
                    name: "kube-prometheus-stack",
                    chart: "kube-prometheus-stack",
                    version: install.kubePrometheusStack.chartVersion,
                    repositoryOpts: { repo: chartRepositories.kubePrometheusStack },
                    namespace: install.namespace,
                    createNamespace: true,
                    atomic: true,
                    values: kubePrometheusStackValues(args.monitoring, pulumi.secret(password.result)),
                },
                { parent: this },
            );
        }
        if (install.jenkins.enabled) {
            this.jenkins = new k8s.helm.v3.Release(
                `${name}-jenkins`,
                {
                    name: "jenkins",
                    chart: "jenkins",
                    version: install.jenkins.chartVersion,
                    repositoryOpts: { repo: chartRepositories.jenkins },
                    namespace: install.namespace,
                    createNamespace: true,
                    atomic: true,
                    values: jenkinsValues(),
                },
                { parent: this },
            );
        }
        this.registerOutputs({ kubePrometheusStack: this.kubePrometheusStack?.name, jenkins: this.jenkins?.name });
    }
}
