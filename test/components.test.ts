/** What each tier component renders: the properties that keep the platform safe and available. */
import { beforeAll, describe, expect, it } from "vitest";
import { Plan } from "../tools/plan";
import { find, Json, plan, spec } from "./support/program";

let staging: Plan;
let production: Plan;

beforeAll(async () => {
    staging = await plan("staging");
    production = await plan("production");
});

function podSpec(p: Plan, kind: string, name: string): Json {
    return spec(find(p.objects, kind, name)).spec.template.spec;
}

function container(p: Plan, kind: string, name: string): Json {
    return podSpec(p, kind, name).containers[0];
}

const workloads: [string, string][] = [
    ["StatefulSet", "postgres"],
    ["StatefulSet", "redis"],
    ["StatefulSet", "qdrant"],
    ["StatefulSet", "ollama"],
    ["StatefulSet", "timescale"],
    ["Deployment", "backend-blue"],
    ["Deployment", "stt"],
    ["Deployment", "tts"],
    ["Deployment", "frontend-blue"],
];

describe("every workload", () => {
    it.each(workloads)("%s %s runs non-root, without privileges, on a read-only root", (kind, name) => {
        const pod = podSpec(staging, kind, name);
        expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
        expect(pod.automountServiceAccountToken).toBe(false);
        const c = container(staging, kind, name);
        expect(c.securityContext).toMatchObject({
            runAsNonRoot: true,
            privileged: false,
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: true,
            capabilities: { drop: ["ALL"] },
        });
        expect(c.securityContext.runAsUser).toBeGreaterThan(0);
        // Whatever it must write goes to a mounted volume.
        const mounted = c.volumeMounts.map((m: Json) => m.mountPath);
        expect(mounted).toContain("/tmp");
    });

    it.each(workloads)("%s %s has probes, requests and limits", (kind, name) => {
        const c = container(staging, kind, name);
        for (const probe of ["readinessProbe", "livenessProbe", "startupProbe"]) expect(c[probe]).toBeDefined();
        expect(c.resources.requests).toMatchObject({ cpu: expect.any(String), memory: expect.any(String) });
        expect(c.resources.limits).toMatchObject({ cpu: expect.any(String), memory: expect.any(String) });
        // Liveness restarts a hung process within 30 s: well inside the shortest RTO (5 min).
        expect(c.livenessProbe.periodSeconds * c.livenessProbe.failureThreshold).toBeLessThanOrEqual(60);
    });

    it.each(workloads)("%s %s never receives a credential as a literal", (kind, name) => {
        for (const env of container(staging, kind, name).env) {
            if (/PASSWORD|API_KEY|SECRET|TOKEN|USER/.test(env.name)) {
                expect(env.value).toBeUndefined();
                expect(env.valueFrom.secretKeyRef).toMatchObject({ name: expect.stringMatching(/-credentials$/) });
            }
        }
    });
});

describe("health checks do what the runbook's do", () => {
    it("PostgreSQL and TimescaleDB answer pg_isready on their catalog port", () => {
        expect(container(staging, "StatefulSet", "postgres").readinessProbe.exec.command).toEqual(
            expect.arrayContaining(["pg_isready", "--port=5432"]),
        );
        expect(container(staging, "StatefulSet", "timescale").readinessProbe.exec.command).toEqual(
            expect.arrayContaining(["pg_isready", "--port=5433"]),
        );
        expect(container(staging, "StatefulSet", "timescale").args.slice(0, 2)).toEqual(["-c", "port=5433"]);
    });

    it("Redis answers redis-cli ping with PONG", () => {
        expect(container(staging, "StatefulSet", "redis").livenessProbe.exec.command.join(" ")).toMatch(/redis-cli .*ping \| grep -q PONG/);
    });

    it("HTTP services answer their catalog endpoint", () => {
        expect(container(staging, "Deployment", "backend-blue").readinessProbe.httpGet).toEqual({ path: "/health", port: 8100 });
        expect(container(staging, "Deployment", "stt").readinessProbe.httpGet).toEqual({ path: "/health", port: 8003 });
        expect(container(staging, "Deployment", "tts").readinessProbe.httpGet).toEqual({ path: "/health", port: 8002 });
        expect(container(staging, "Deployment", "frontend-blue").readinessProbe.httpGet).toEqual({ path: "/", port: 3000 });
        expect(container(staging, "StatefulSet", "ollama").readinessProbe.httpGet).toEqual({ path: "/", port: 11434 });
    });

    it("the startup probe allows twice the runbook's readiness wait", () => {
        const ollama = container(staging, "StatefulSet", "ollama").startupProbe;
        expect(ollama.periodSeconds * ollama.failureThreshold).toBe(120);
        const redis = container(staging, "StatefulSet", "redis").startupProbe;
        expect(redis.periodSeconds * redis.failureThreshold).toBe(30);
    });
});

describe("stateful tiers", () => {
    it("PostgreSQL is a StatefulSet with a claim per replica, a headless and a client Service", () => {
        const sts = spec(find(staging.objects, "StatefulSet", "postgres"));
        expect(sts.spec.serviceName).toBe("postgres-headless");
        expect(sts.spec.volumeClaimTemplates[0].spec).toMatchObject({
            accessModes: ["ReadWriteOnce"],
            storageClassName: "standard",
            resources: { requests: { storage: "20Gi" } },
        });
        expect(sts.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: "Retain", whenScaled: "Retain" });
        expect(spec(find(staging.objects, "Service", "postgres-headless")).spec.clusterIP).toBe("None");
        expect(spec(find(staging.objects, "Service", "postgres")).spec.ports).toEqual([
            { name: "postgres", port: 5432, targetPort: "postgres", protocol: "TCP" },
        ]);
    });

    it("Redis persists with AOF and fsync every second", () => {
        const args = container(staging, "StatefulSet", "redis").args.join(" ");
        expect(args).toContain("--appendonly yes");
        expect(args).toContain("--appendfsync everysec");
    });

    it("Ollama keeps its models on a claim and takes GPUs from config", () => {
        const sts = spec(find(production.objects, "StatefulSet", "ollama"));
        expect(sts.spec.volumeClaimTemplates[0].metadata.name).toBe("models");
        expect(sts.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe("200Gi");
        expect(container(production, "StatefulSet", "ollama").resources.limits["nvidia.com/gpu"]).toBe("1");
        expect(container(staging, "StatefulSet", "ollama").resources.limits["nvidia.com/gpu"]).toBeUndefined();
    });

    it("generates credentials and delivers them through Secrets", () => {
        const secret = spec(find(staging.objects, "Secret", "postgres-credentials"));
        // The whole map is a Pulumi secret: the plan shows its keys, never its values.
        expect(secret.stringData).toEqual({ username: "[secret]", database: "[secret]", password: "[secret]" });
        expect(find(staging.objects, "Secret", "redis-credentials")).toBeDefined();
        expect(find(staging.objects, "Secret", "qdrant-credentials")).toBeDefined();
        expect(find(staging.objects, "Secret", "timescale-credentials")).toBeDefined();
    });
});

describe("availability", () => {
    it("production runs at least two pods of every stateless tier-1 and tier-2 service", () => {
        expect(spec(find(production.objects, "Deployment", "backend-blue")).spec.replicas).toBeGreaterThanOrEqual(2);
        expect(spec(find(production.objects, "Deployment", "frontend-blue")).spec.replicas).toBeGreaterThanOrEqual(2);
    });

    it("a replicated workload gets a PodDisruptionBudget and spreads across nodes; a single one does neither", () => {
        const pdb = spec(find(production.objects, "PodDisruptionBudget", "backend-blue"));
        expect(pdb.spec).toEqual({
            maxUnavailable: 1,
            selector: { matchLabels: { "app.kubernetes.io/name": "backend", "app.kubernetes.io/instance": "jarvis", "jarvis.io/color": "blue" } },
        });
        expect(podSpec(production, "Deployment", "backend-blue").topologySpreadConstraints[0]).toMatchObject({
            topologyKey: "kubernetes.io/hostname",
            whenUnsatisfiable: "DoNotSchedule",
        });
        expect(staging.objects.filter((o) => o.kind === "PodDisruptionBudget")).toEqual([]);
        expect(podSpec(staging, "Deployment", "backend-blue").topologySpreadConstraints).toBeUndefined();
    });

    it("rolls Deployments out without ever going below the desired count", () => {
        expect(spec(find(staging.objects, "Deployment", "backend-blue")).spec.strategy).toEqual({
            type: "RollingUpdate",
            rollingUpdate: { maxUnavailable: 0, maxSurge: 1 },
        });
    });
});

describe("labels", () => {
    it("every object of a service names its service, tier and objectives; only namespace-wide ones do not", () => {
        const namespaceWide = staging.objects.filter((o) => !o.metadata.labels?.["jarvis.io/service"]).map((o) => `${o.kind} ${o.metadata.name}`);
        expect(namespaceWide.sort()).toEqual([
            "Certificate jarvis-tls",
            "ConfigMap backup-scripts",
            "Namespace jarvis-staging",
            "NetworkPolicy allow-dns",
            "NetworkPolicy default-deny-all",
            "Role backup-restore",
            "RoleBinding backup-restore",
            "ServiceAccount backup-restore",
        ]);
        for (const object of staging.objects.filter((o) => o.metadata.labels?.["jarvis.io/service"])) {
            expect(object.metadata.namespace).toBe("jarvis-staging");
            expect(object.metadata.labels).toMatchObject({
                "app.kubernetes.io/part-of": "jarvis",
                "app.kubernetes.io/managed-by": "pulumi",
                "jarvis.io/service": expect.any(String),
                "jarvis.io/tier": expect.stringMatching(/^(1|2|3|monitoring)$/),
                "jarvis.io/rto": expect.stringMatching(/^\d+[smh]$/),
                "jarvis.io/rpo": expect.stringMatching(/^\d+[smh]$/),
            });
        }
        expect(find(staging.objects, "StatefulSet", "postgres").metadata.labels).toMatchObject({
            "jarvis.io/tier": "1",
            "jarvis.io/rto": "5m",
            "jarvis.io/rpo": "1m",
        });
    });

    it("the namespace enforces the restricted Pod Security Standard", () => {
        expect(find(staging.objects, "Namespace", "jarvis-staging").metadata.labels).toMatchObject({
            "pod-security.kubernetes.io/enforce": "restricted",
        });
    });
});

describe("provider and protection", () => {
    it("uses one explicit Kubernetes provider configured from the stack", async () => {
        const withRender = await plan("staging", { kubernetes: { context: "ci", renderYamlToDirectory: "rendered" } });
        const providers = withRender.graph.resources.filter((r) => r.type === "pulumi:providers:kubernetes");
        expect(providers).toHaveLength(1);
        const { runUnderMocks } = await import("../tools/mockRuntime");
        const { stackConfig } = await import("./support/program");
        const { jarvis } = await import("../program");
        const run = await runUnderMocks({
            ...stackConfig("staging", { kubernetes: { context: "ci", renderYamlToDirectory: "rendered" } }),
            program: jarvis,
        });
        const provider = run.registrations.find((r) => r.type === "pulumi:providers:kubernetes");
        expect(provider?.inputs).toMatchObject({ namespace: "jarvis-staging", context: "ci", renderYamlToDirectory: "rendered" });
        const objects = run.registrations.filter((r) => r.type.startsWith("kubernetes:"));
        expect(objects.length).toBeGreaterThan(0);
        for (const object of objects) expect(object.provider).toMatch(/pulumi:providers:kubernetes::jarvis-kubernetes::/);
    });

    it("protects stateful objects and credentials in production, not in staging", async () => {
        const { runUnderMocks } = await import("../tools/mockRuntime");
        const { stackConfig } = await import("./support/program");
        const { jarvis } = await import("../program");
        const protectedIn = async (stack: string) =>
            (await runUnderMocks({ ...stackConfig(stack), program: jarvis })).registrations
                .filter((r) => r.protect)
                .map((r) => `${r.type.split(":").pop()} ${r.name}`)
                .sort();
        const production = await protectedIn("production");
        expect(production).toEqual(
            expect.arrayContaining(["StatefulSet postgres", "StatefulSet redis", "Secret postgres-credentials", "RandomPassword postgres-credentials-password", "Namespace jarvis"]),
        );
        expect(production.some((r) => r.startsWith("Deployment"))).toBe(false);
        expect(await protectedIn("staging")).toEqual([]);
    });
});
