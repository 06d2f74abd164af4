/**
 * The NetworkPolicies admit exactly the flows the platform needs, checked on the rendered policies
 * with a model of NetworkPolicy semantics: every pair of pods, on every port the platform uses, is
 * allowed if and only if it is one of the expected flows. Isolation denies every pair.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { KubernetesObject } from "../../tools/manifests";
import { find, plan, spec } from "../support/program";
import { allows, Pod, podOf, policiesOf, Protocol } from "./policyModel";

const ns = "jarvis-production";

/** Pods of the backup jobs another component runs: the label convention is all the policies know of them. */
const backupPod = (store: string): Pod => ({
    name: `${store}-backup`,
    namespace: ns,
    labels: { "app.kubernetes.io/name": `${store}-backup`, "jarvis.io/role": "backup", "jarvis.io/service": store },
});

const external = {
    ingress: { name: "ingress-controller", namespace: "ingress-nginx", labels: { "app.kubernetes.io/name": "ingress-nginx", "app.kubernetes.io/component": "controller" } },
    prometheus: { name: "prometheus", namespace: "monitoring", labels: { "app.kubernetes.io/name": "prometheus" } },
    dns: { name: "dns", namespace: "kube-system", labels: { "k8s-app": "kube-dns" } },
    stranger: { name: "stranger", namespace: "default", labels: { "app.kubernetes.io/name": "backend", "app.kubernetes.io/instance": "jarvis" } },
} satisfies Record<string, Pod>;

function platformPods(objects: readonly KubernetesObject[]): Record<string, Pod> {
    return {
        "backend-blue": podOf(objects, "Deployment", "backend-blue"),
        "backend-green": podOf(objects, "Deployment", "backend-green"),
        "frontend-blue": podOf(objects, "Deployment", "frontend-blue"),
        "frontend-green": podOf(objects, "Deployment", "frontend-green"),
        stt: podOf(objects, "Deployment", "stt"),
        tts: podOf(objects, "Deployment", "tts"),
        postgres: podOf(objects, "StatefulSet", "postgres"),
        // Production's hot standby: labelled like the primary, so policies treat both pods alike.
        "postgres-standby": podOf(objects, "StatefulSet", "postgres"),
        redis: podOf(objects, "StatefulSet", "redis"),
        qdrant: podOf(objects, "StatefulSet", "qdrant"),
        ollama: podOf(objects, "StatefulSet", "ollama"),
        timescale: podOf(objects, "StatefulSet", "timescale"),
        "backend-migration": podOf(objects, "Job", /^backend-migrate-/),
        "backend-gate": podOf(objects, "Job", /^backend-gate-/),
        "frontend-gate": podOf(objects, "Job", /^frontend-gate-/),
        ...Object.fromEntries(["postgres", "redis", "qdrant", "ollama", "timescale"].map((s) => [`${s}-backup`, backupPod(s)])),
    };
}

/** PostgreSQL's pods: whichever is the primary (the client Service picks it), clients may reach both. */
const postgresPods = ["postgres", "postgres-standby"];

/** The flows that must be admitted, written out by hand from the catalog and the issue. */
const expectedFlows = new Set([
    // The backend's catalog dependencies.
    ...["backend-blue", "backend-green"].flatMap((b) => [
        ...postgresPods.map((pg) => `${b} -> ${pg}:5432/TCP`),
        `${b} -> redis:6379/TCP`,
        `${b} -> qdrant:6333/TCP`,
        `${b} -> ollama:11434/TCP`,
    ]),
    // The standby clones and streams from the primary; after a failover, the other way round.
    "postgres -> postgres-standby:5432/TCP",
    "postgres-standby -> postgres:5432/TCP",
    // The frontend needs the backend.
    ...["frontend-blue", "frontend-green"].flatMap((f) => [`${f} -> backend-blue:8100/TCP`, `${f} -> backend-green:8100/TCP`]),
    // The ingress controller reaches the exposed services.
    "ingress-controller -> backend-blue:8100/TCP",
    "ingress-controller -> backend-green:8100/TCP",
    "ingress-controller -> frontend-blue:3000/TCP",
    "ingress-controller -> frontend-green:3000/TCP",
    // Prometheus scrapes the metrics ports of the catalog.
    "prometheus -> backend-blue:8100/TCP",
    "prometheus -> backend-green:8100/TCP",
    "prometheus -> qdrant:6333/TCP",
    // Backup jobs reach their own store only.
    ...postgresPods.map((pg) => `postgres-backup -> ${pg}:5432/TCP`),
    "redis-backup -> redis:6379/TCP",
    "qdrant-backup -> qdrant:6333/TCP",
    "ollama-backup -> ollama:11434/TCP",
    "timescale-backup -> timescale:5433/TCP",
    // The migration backs up and migrates PostgreSQL; the gates check their service.
    ...postgresPods.map((pg) => `backend-migration -> ${pg}:5432/TCP`),
    "backend-gate -> backend-blue:8100/TCP",
    "backend-gate -> backend-green:8100/TCP",
    "frontend-gate -> frontend-blue:3000/TCP",
    "frontend-gate -> frontend-green:3000/TCP",
]);

const ports: [number, Protocol][] = [5432, 5433, 6379, 6333, 6334, 11434, 8100, 8002, 8003, 3000, 53, 443].map((p) => [p, "TCP"] as [number, Protocol]);
ports.push([53, "UDP"]);

/** Every connection the policies admit among the platform's pods and the outside pods. */
function admittedFlows(objects: readonly KubernetesObject[]): string[] {
    const policies = policiesOf(objects);
    const inside = Object.entries(platformPods(objects)).map(([name, pod]) => ({ ...pod, name }));
    const everyone = [...inside, ...Object.values(external)];
    const flows: string[] = [];
    for (const from of everyone) {
        for (const to of everyone) {
            // Connections between two outside pods are not this namespace's policies' business.
            if (from === to || (from.namespace !== ns && to.namespace !== ns)) continue;
            for (const [port, protocol] of ports) {
                if (allows(policies, from, to, port, protocol)) flows.push(`${from.name} -> ${to.name}:${port}/${protocol}`);
            }
        }
    }
    return flows;
}

describe("NetworkPolicies", () => {
    let objects: KubernetesObject[];
    beforeAll(async () => {
        objects = (await plan("production")).objects;
    });

    it("render one deny-all, DNS, and a policy per group of pods that has flows", () => {
        const names = objects.filter((o) => o.kind === "NetworkPolicy").map((o) => o.metadata.name);
        expect(names.sort()).toEqual(
            [
                "default-deny-all",
                "allow-dns",
                ...["postgres", "redis", "qdrant", "ollama", "backend", "frontend", "timescale"].map((s) => `allow-${s}`),
                ...["postgres", "redis", "qdrant", "ollama", "timescale"].map((s) => `allow-${s}-backup`),
                "allow-backend-migration",
                "allow-backend-health-gate",
                "allow-frontend-health-gate",
            ].sort(),
        );
        expect(spec(find(objects, "NetworkPolicy", "default-deny-all")).spec).toEqual({ podSelector: {}, policyTypes: ["Ingress", "Egress"] });
    });

    it("admit exactly the platform's flows, and DNS from every pod of the namespace", () => {
        const inside = Object.keys(platformPods(objects));
        const dns = inside.flatMap((pod) => [`${pod} -> dns:53/TCP`, `${pod} -> dns:53/UDP`]);
        expect(admittedFlows(objects).sort()).toEqual([...expectedFlows, ...dns].sort());
    });

    it("spell out the backend's policy: its selector, its clients, its dependencies, their ports", () => {
        const backendPods = { "app.kubernetes.io/name": "backend", "app.kubernetes.io/instance": "jarvis" };
        const pods = (name: string) => ({ podSelector: { matchLabels: { "app.kubernetes.io/name": name, "app.kubernetes.io/instance": "jarvis" } } });
        const tcp = (port: number) => [{ port, protocol: "TCP" }];
        expect(spec(find(objects, "NetworkPolicy", "allow-backend")).spec).toEqual({
            podSelector: { matchLabels: backendPods },
            policyTypes: ["Ingress", "Egress"],
            ingress: [
                { from: [pods("frontend")], ports: tcp(8100) },
                {
                    from: [
                        {
                            namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "ingress-nginx" } },
                            podSelector: { matchLabels: { "app.kubernetes.io/name": "ingress-nginx", "app.kubernetes.io/component": "controller" } },
                        },
                    ],
                    ports: tcp(8100),
                },
                {
                    from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "monitoring" } }, podSelector: { matchLabels: { "app.kubernetes.io/name": "prometheus" } } }],
                    ports: tcp(8100),
                },
                { from: [{ podSelector: { matchLabels: { "jarvis.io/role": "health-gate", "jarvis.io/service": "backend" } } }], ports: tcp(8100) },
            ],
            egress: [
                { to: [pods("postgres")], ports: tcp(5432) },
                { to: [pods("redis")], ports: tcp(6379) },
                { to: [pods("qdrant")], ports: tcp(6333) },
                { to: [pods("ollama")], ports: tcp(11434) },
            ],
        });
    });

    it("do not let a job pod pass for its service, nor its service for the job", () => {
        const policies = policiesOf(objects);
        const pods = platformPods(objects);
        // The migration pod carries jarvis.io/service=backend but not the backend's selector labels.
        expect(allows(policies, pods["backend-migration"], pods.redis, 6379)).toBe(false);
        expect(allows(policies, pods["backend-blue"], pods["frontend-blue"], 3000)).toBe(false);
        expect(allows(policies, external.stranger, pods["backend-blue"], 8100)).toBe(false);
    });

    it("isolate: only deny-all remains and nothing gets in or out, DNS included", async () => {
        const isolated = (await plan("production", { isolate: true })).objects;
        expect(isolated.filter((o) => o.kind === "NetworkPolicy").map((o) => o.metadata.name)).toEqual(["default-deny-all"]);
        expect(admittedFlows(isolated)).toEqual([]);
    });
});
