/**
 * The monitoring objects the platform renders: schema-valid prometheus-operator resources with
 * explicit names, the monitoring tier's labels and the stack's selector labels; ServiceMonitors
 * that select the right Services, name their job `jarvis-<service>` and skip headless duplicates;
 * and, when configured, the monitoring stack's Helm releases with pinned versions.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { KubernetesObject } from "../../tools/manifests";
import { realisticMocks, Registration, runUnderMocks } from "../../tools/mockRuntime";
import { maskSecrets } from "../../tools/secrets";
import { Plan } from "../../tools/plan";
import { find, plan, stackConfig } from "../support/program";

const monitoringKinds = ["PrometheusRule", "ServiceMonitor", "AlertmanagerConfig"];
let staging: Plan;

function monitoringObjects(objects: readonly KubernetesObject[]): KubernetesObject[] {
    return objects.filter((o) => monitoringKinds.includes(o.kind) || (o.kind === "ConfigMap" && o.metadata.labels?.grafana_dashboard));
}

beforeAll(async () => {
    staging = await plan("staging");
});

describe("monitoring objects", () => {
    it("are schema-valid and named explicitly in the platform's namespace, with the monitoring tier's labels", () => {
        expect(staging.problems).toEqual([]);
        const objects = monitoringObjects(staging.objects);
        expect(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
            "AlertmanagerConfig/jarvis-alert-routing",
            "ConfigMap/jarvis-operational-dashboard",
            "ConfigMap/jarvis-slo-dashboard",
            "PrometheusRule/jarvis-backup-alerts",
            "PrometheusRule/jarvis-certificate-alerts",
            "PrometheusRule/jarvis-escalation",
            "PrometheusRule/jarvis-runbook-alerts",
            "PrometheusRule/jarvis-slo",
            "ServiceMonitor/backend",
            "ServiceMonitor/frontend",
            "ServiceMonitor/qdrant",
            "ServiceMonitor/stt",
            "ServiceMonitor/tts",
        ]);
        for (const o of objects) {
            expect(o.metadata.namespace, o.metadata.name).toBe("jarvis-staging");
            expect(o.metadata.labels?.["jarvis.io/tier"], o.metadata.name).toBe("monitoring");
            expect(o.metadata.labels?.["jarvis.io/environment"], o.metadata.name).toBe("staging");
            expect(o.metadata.labels?.["app.kubernetes.io/managed-by"], o.metadata.name).toBe("pulumi");
            if (o.kind !== "ConfigMap") expect(o.metadata.labels?.release, o.metadata.name).toBe("kube-prometheus-stack");
        }
    });

    it("are schema-valid in production too", async () => {
        const production = await plan("production");
        expect(production.problems).toEqual([]);
        expect(monitoringObjects(production.objects).every((o) => o.metadata.namespace === "jarvis-production")).toBe(true);
    });

    it("scrape each metrics-serving Service as job jarvis-<service>, skipping headless Services", () => {
        for (const service of ["backend", "frontend", "stt", "tts", "qdrant"]) {
            const monitor = find(staging.objects, "ServiceMonitor", service);
            const spec = monitor.spec as {
                selector: { matchLabels: Record<string, string> };
                endpoints: { port: string; path: string; relabelings: Record<string, unknown>[]; authorization?: unknown }[];
            };
            const target = find(staging.objects, "Service", service);
            // The selector matches the service's own Service, on a port it has.
            for (const [k, v] of Object.entries(spec.selector.matchLabels)) expect(target.metadata.labels?.[k], `${service} ${k}`).toBe(v);
            const ports = (target.spec as { ports: { name: string }[] }).ports.map((p) => p.name);
            expect(ports).toContain(spec.endpoints[0].port);
            expect(spec.endpoints[0].path).toBe("/metrics");
            expect(spec.endpoints[0].relabelings).toEqual([
                { action: "drop", sourceLabels: ["__meta_kubernetes_service_name"], regex: ".+-headless" },
                { action: "replace", targetLabel: "job", replacement: `jarvis-${service}` },
            ]);
        }
        const qdrant = find(staging.objects, "ServiceMonitor", "qdrant").spec as { endpoints: { authorization?: unknown }[] };
        expect(qdrant.endpoints[0].authorization).toEqual({ type: "Bearer", credentials: { name: "qdrant-credentials", key: "api-key" } });
    });

    it("do not install the monitoring stack by default", () => {
        expect(staging.graph.resources.filter((r) => r.type.startsWith("kubernetes:helm.sh/"))).toEqual([]);
    });
});

describe("optional monitoring stack install", () => {
    let registrations: Registration[];

    beforeAll(async () => {
        const monitoring = JSON.parse(stackConfig("staging").config["jarvis:monitoring"]) as { install: Record<string, Record<string, unknown>> };
        monitoring.install.kubePrometheusStack.enabled = true;
        monitoring.install.jenkins.enabled = true;
        const config = stackConfig("staging", { monitoring });
        const { jarvis } = await import("../../program");
        registrations = (await runUnderMocks({ stack: "staging", config: config.config, secretKeys: config.secretKeys, program: jarvis, mocks: realisticMocks })).registrations;
    });

    function release(name: string): Record<string, unknown> {
        const found = registrations.find((r) => r.type === "kubernetes:helm.sh/v3:Release" && r.name === name);
        if (!found) throw new Error(`no release ${name}`);
        return maskSecrets(found.inputs) as Record<string, unknown>;
    }

    it("installs kube-prometheus-stack and Jenkins at pinned versions, with the catalog's ports", () => {
        const stack = release("monitoring-stack-kube-prometheus-stack");
        expect([stack.chart, stack.version, stack.namespace]).toEqual(["kube-prometheus-stack", "65.2.0", "monitoring"]);
        expect(stack.repositoryOpts).toEqual({ repo: "https://prometheus-community.github.io/helm-charts" });
        const values = stack.values as Record<string, Record<string, Record<string, unknown>>>;
        expect(values.prometheus.prometheusSpec.ruleSelector).toEqual({ matchLabels: { release: "kube-prometheus-stack" } });
        expect(values.alertmanager.alertmanagerSpec.alertmanagerConfigSelector).toEqual({ matchLabels: { release: "kube-prometheus-stack" } });
        expect(values.grafana.sidecar).toEqual({ dashboards: { enabled: true, label: "grafana_dashboard", labelValue: "1", searchNamespace: "ALL" } });
        expect(values.grafana.service).toEqual({ port: 3001 });
        // Generated, read from a Secret, never the chart's well-known default; the values hold no secret.
        expect(values.grafana.admin).toEqual({ existingSecret: "grafana-admin", userKey: "admin-user", passwordKey: "admin-password" });
        expect(JSON.stringify(stack)).not.toContain("[secret]");
        const admin = registrations.find((r) => r.type === "kubernetes:core/v1:Secret" && r.name === "monitoring-stack-grafana-admin");
        expect((maskSecrets(admin?.inputs) as { stringData: Record<string, string> }).stringData["admin-password"]).toBe("[secret]");
        const jenkins = release("monitoring-stack-jenkins");
        expect([jenkins.chart, jenkins.version]).toEqual(["jenkins", "5.7.12"]);
        expect(jenkins.values).toEqual({ controller: { servicePort: 8080, serviceType: "ClusterIP" } });
    });

    it("plans cleanly: the monitoring namespace and Grafana's admin Secret are schema-valid, the releases stay out of the manifests", async () => {
        const monitoring = JSON.parse(stackConfig("staging").config["jarvis:monitoring"]) as { install: Record<string, Record<string, unknown>> };
        monitoring.install.kubePrometheusStack.enabled = true;
        monitoring.install.jenkins.enabled = true;
        const rendered = await plan("staging", { monitoring });
        expect(rendered.problems).toEqual([]);
        expect(rendered.objects.filter((o) => o.metadata.namespace === "monitoring" || o.metadata.name === "monitoring").map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
            "Namespace/monitoring",
            "Secret/grafana-admin",
        ]);
        expect(rendered.graph.resources.filter((r) => r.type === "kubernetes:helm.sh/v3:Release").length).toBe(2);
    });

    it("makes the custom resources wait for the operator's CRDs (the kube-prometheus-stack release)", () => {
        const stackUrn = registrations.find((r) => r.name === "monitoring-stack-kube-prometheus-stack")?.urn ?? "";
        const jenkinsUrn = registrations.find((r) => r.name === "monitoring-stack-jenkins")?.urn ?? "";
        const custom = registrations.filter((r) => /^kubernetes:monitoring\.coreos\.com\//.test(r.type));
        expect(custom.length).toBe(11);
        for (const r of custom) {
            expect(r.dependsOn, r.name).toContain(stackUrn);
            expect(r.dependsOn, r.name).not.toContain(jenkinsUrn);
        }
    });
});
