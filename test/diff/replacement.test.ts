/** Immutable fields: which changes replace an object, and which of those put data at risk. */
import { describe, expect, it } from "vitest";
import { diffFields } from "../../tools/diff/fieldDiff";
import { replacementReasons } from "../../tools/diff/replacement";
import { removalRisk, replacementRisk } from "../../tools/diff/dataAtRisk";
import { KubernetesObject } from "../../tools/manifests";
import { object } from "./fixtures";

function reasons(before: KubernetesObject, after: KubernetesObject): string[] {
    return replacementReasons(before, after, diffFields(before, after));
}

const statefulSet = (spec: Record<string, unknown>) =>
    object(
        "StatefulSet",
        "db",
        {
            spec: {
                serviceName: "db-headless",
                selector: { matchLabels: { app: "db" } },
                replicas: 1,
                podManagementPolicy: "OrderedReady",
                persistentVolumeClaimRetentionPolicy: { whenDeleted: "Retain", whenScaled: "Retain" },
                volumeClaimTemplates: [{ metadata: { name: "data" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "10Gi" } } } }],
                ...spec,
            },
        },
        "apps/v1",
    );

const claim = (storage: string, storageClassName = "standard") =>
    object("PersistentVolumeClaim", "data", { spec: { accessModes: ["ReadWriteOnce"], storageClassName, resources: { requests: { storage } } } });

describe("replacement rules", () => {
    it("updates a StatefulSet's replicas and template in place", () => {
        expect(reasons(statefulSet({}), statefulSet({ replicas: 3, template: { spec: {} } }))).toEqual([]);
    });

    it("replaces a StatefulSet whose selector, serviceName or podManagementPolicy changes", () => {
        expect(reasons(statefulSet({}), statefulSet({ selector: { matchLabels: { app: "db2" } } }))).toEqual([
            "spec.selector changed: a StatefulSet's selector is immutable, the StatefulSet is replaced",
        ]);
        expect(reasons(statefulSet({}), statefulSet({ serviceName: "other" }))).toEqual(["spec.serviceName changed: immutable, the StatefulSet is replaced"]);
        expect(reasons(statefulSet({}), statefulSet({ podManagementPolicy: "Parallel" }))).toHaveLength(1);
    });

    it("tells a claim template's new size apart from other template changes", () => {
        const resized = statefulSet({
            volumeClaimTemplates: [{ metadata: { name: "data" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "20Gi" } } } }],
        });
        expect(reasons(statefulSet({}), resized)).toEqual([
            "storage size of a volumeClaimTemplate changed (data: 10Gi -> 20Gi): Kubernetes refuses it in place, the StatefulSet must be recreated",
        ]);
        const reclassed = statefulSet({
            volumeClaimTemplates: [{ metadata: { name: "data" }, spec: { accessModes: ["ReadWriteMany"], resources: { requests: { storage: "10Gi" } } } }],
        });
        expect(reasons(statefulSet({}), reclassed)).toEqual(["volumeClaimTemplates changed: StatefulSet is replaced"]);
        expect(replacementRisk(statefulSet({}), reasons(statefulSet({}), reclassed))?.join(" ")).toContain("claims are retained");
    });

    it("replaces a Deployment only for its selector", () => {
        const deployment = (app: string, replicas: number) =>
            object("Deployment", "api", { spec: { replicas, selector: { matchLabels: { app } } } }, "apps/v1");
        expect(reasons(deployment("api", 1), deployment("api", 3))).toEqual([]);
        expect(reasons(deployment("api", 1), deployment("api2", 1))).toHaveLength(1);
        // Stateless: replaced, but no data at risk.
        expect(replacementRisk(deployment("api", 1), ["selector"])).toBeUndefined();
    });

    it("replaces a Service for its cluster IP and for a switch to or from ExternalName", () => {
        const service = (spec: Record<string, unknown>) => object("Service", "api", { spec: { ports: [{ port: 80 }], ...spec } });
        expect(reasons(service({}), service({ clusterIP: "None" }))).toEqual([
            "spec.clusterIP changed: a Service's cluster IP is immutable, the Service is replaced",
        ]);
        expect(reasons(service({ type: "ClusterIP" }), service({ type: "ExternalName", externalName: "api.example.com" }))).toEqual([
            "spec.type changed from ClusterIP to ExternalName: the Service is replaced",
        ]);
        expect(reasons(service({ type: "ClusterIP" }), service({ type: "NodePort" }))).toEqual([]);
    });

    it("lets a claim grow in place but replaces it when it shrinks or changes class", () => {
        expect(reasons(claim("10Gi"), claim("20Gi"))).toEqual([]);
        expect(reasons(claim("10Gi"), claim("9000Mi"))).toEqual(["storage request shrank (10Gi -> 9000Mi): a claim cannot shrink, it is replaced"]);
        expect(reasons(claim("10Gi"), claim("10Gi", "ssd"))).toEqual(["spec.storageClassName changed: immutable, the claim (and its volume) is replaced"]);
        expect(replacementRisk(claim("10Gi"), reasons(claim("10Gi"), claim("10Gi", "ssd")))).toHaveLength(1);
    });

    it("replaces a Job for its template, a Secret for its type, immutable contents for any change", () => {
        const job = (image: string) => object("Job", "migrate", { spec: { template: { spec: { containers: [{ name: "m", image }] } } } }, "batch/v1");
        expect(reasons(job("m:1"), job("m:2"))).toEqual(["spec.template changed: a Job's pod template is immutable, the Job is replaced"]);
        const secret = (type: string) => object("Secret", "tls", { type, data: { "tls.crt": "[secret]" } });
        expect(reasons(secret("Opaque"), secret("kubernetes.io/tls"))).toEqual(["type changed: a Secret's type is immutable, the Secret is replaced"]);
        const config = (mode: string) => object("ConfigMap", "settings", { immutable: true, data: { mode } });
        expect(reasons(config("a"), config("b"))).toEqual(["contents changed while immutable: true: the object is replaced"]);
    });
});

describe("data at risk on removal", () => {
    it("covers StatefulSets, claims, credentials Secrets and Namespaces, not stateless objects", () => {
        expect(removalRisk(statefulSet({}))).toContain("StatefulSet deleted");
        expect(removalRisk(claim("1Gi"))).toContain("PersistentVolumeClaim deleted");
        expect(removalRisk(object("Namespace", "jarvis", {}))).toContain("every object in it");
        expect(removalRisk(object("Secret", "db", { type: "Opaque", stringData: { password: "[secret]" } }))).toContain("credentials Secret");
        expect(removalRisk(object("Secret", "registry", { type: "kubernetes.io/dockerconfigjson", data: { ".dockerconfigjson": "e30=" } }))).toBeUndefined();
        expect(removalRisk(object("Service", "api", {}))).toBeUndefined();
        expect(removalRisk(object("ConfigMap", "settings", {}))).toBeUndefined();
    });
});
