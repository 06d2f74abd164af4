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
import { serviceLabels } from "../kubernetes/labels";

export const chartRepositories = {
    kubePrometheusStack: "https://prometheus-community.github.io/helm-charts",
    jenkins: "https://charts.jenkins.io",
} as const;

export interface MonitoringStackArgs {
    /** The `monitoring` section of the stack configuration. */
    readonly monitoring: MonitoringConfig;
    /** Environment name, written as a label. */
    readonly environment: string;
}

/** Secret holding Grafana's generated admin credentials (the chart's default password is public). */
export const grafanaAdminSecret = { name: "grafana-admin", userKey: "admin-user", passwordKey: "admin-password" } as const;

/**
 * kube-prometheus-stack values. They hold no secret (Grafana's password is read from a Secret), so
 * a preview shows them in full.
 */
export function kubePrometheusStackValues(monitoring: MonitoringConfig): Record<string, unknown> {
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
            admin: { existingSecret: grafanaAdminSecret.name, userKey: grafanaAdminSecret.userKey, passwordKey: grafanaAdminSecret.passwordKey },
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
        if (install.kubePrometheusStack.enabled || install.jenkins.enabled) {
            // Created here rather than by Helm, so Grafana's admin Secret exists before the chart installs.
            const namespace = new k8s.core.v1.Namespace(
                `${name}-namespace`,
                {
                    metadata: {
                        name: install.namespace,
                        labels: { "app.kubernetes.io/part-of": "jarvis", "app.kubernetes.io/managed-by": "pulumi", "jarvis.io/tier": "monitoring" },
                    },
                },
                { parent: this },
            );
            if (install.kubePrometheusStack.enabled) this.kubePrometheusStack = this.kubePrometheusStackRelease(name, args, namespace);
            if (install.jenkins.enabled) this.jenkins = this.jenkinsRelease(name, args, namespace);
        }
        this.registerOutputs({ kubePrometheusStack: this.kubePrometheusStack?.name, jenkins: this.jenkins?.name });
    }

    private kubePrometheusStackRelease(name: string, args: MonitoringStackArgs, namespace: k8s.core.v1.Namespace): k8s.helm.v3.Release {
        const { install } = args.monitoring;
        const password = new random.RandomPassword(`${name}-grafana-admin`, { length: 32, special: false }, { parent: this });
        const admin = new k8s.core.v1.Secret(
            `${name}-grafana-admin`,
            {
                metadata: {
                    name: grafanaAdminSecret.name,
                    namespace: namespace.metadata.name,
                    labels: serviceLabels(catalog.grafana, args.environment, { component: grafanaAdminSecret.name }),
                },
                type: "Opaque",
                stringData: { [grafanaAdminSecret.userKey]: "admin", [grafanaAdminSecret.passwordKey]: pulumi.secret(password.result) },
            },
            { parent: this },
        );
        return new k8s.helm.v3.Release(
            `${name}-kube-prometheus-stack`,
            {
                name: "kube-prometheus-stack",
                chart: "kube-prometheus-stack",
                version: install.kubePrometheusStack.chartVersion,
                repositoryOpts: { repo: chartRepositories.kubePrometheusStack },
                namespace: namespace.metadata.name,
                atomic: true,
                values: kubePrometheusStackValues(args.monitoring),
            },
            { parent: this, dependsOn: [admin] },
        );
    }

    private jenkinsRelease(name: string, args: MonitoringStackArgs, namespace: k8s.core.v1.Namespace): k8s.helm.v3.Release {
        return new k8s.helm.v3.Release(
            `${name}-jenkins`,
            {
                name: "jenkins",
                chart: "jenkins",
                version: args.monitoring.install.jenkins.chartVersion,
                repositoryOpts: { repo: chartRepositories.jenkins },
                namespace: namespace.metadata.name,
                atomic: true,
                values: jenkinsValues(),
            },
            { parent: this },
        );
    }
}
