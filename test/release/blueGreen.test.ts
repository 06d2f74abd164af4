/**
 * The blue/green pairs of the backend and the frontend: colored Deployments, preview Services, the
 * stable Service behind the gate, standby sizing, per-color images, the migration before a new
 * image, and the graceful-shutdown timings.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { ConfigError } from "../../config/load";
import { KubernetesObject } from "../../tools/manifests";
import { Plan } from "../../tools/plan";
import { find, Json, plan, spec } from "../support/program";
import { bothColorsServing, differences, validate, withColors } from "./helpers";

const backendImage = "ghcr.io/jarvis-assistant/jarvis-backend:1.9.0";
const nextBackend = "ghcr.io/jarvis-assistant/jarvis-backend:1.10.0";

const jobs = (p: Plan, prefix: string) => p.objects.filter((o) => o.kind === "Job" && o.metadata.name?.startsWith(prefix));
const container = (o: KubernetesObject): Json => spec(o).spec.template.spec.containers[0];
const urnOf = (p: Plan, type: string, name: string) => {
    const found = p.graph.resources.find((r) => r.type === type && r.name === name);
    if (!found) throw new Error(`no ${type} ${name}`);
    return found;
};

describe("blue/green pairs as the stack files declare them (blue serving, green on standby)", () => {
    let production: Plan;
    beforeAll(async () => {
        production = await plan("production");
    });

    it.each([
        ["backend", 8100, 3],
        ["frontend", 3000, 2],
    ])("%s: two colored Deployments, the inactive one at standbyReplicas", (id, port, replicas) => {
        for (const [color, expected] of [["blue", replicas], ["green", 0]] as const) {
            const deployment = spec(find(production.objects, "Deployment", `${id}-${color}`));
            expect(deployment.metadata.labels["jarvis.io/color"]).toBe(color);
            expect(deployment.spec.replicas).toBe(expected);
            expect(deployment.spec.selector.matchLabels).toEqual({ "app.kubernetes.io/name": id, "app.kubernetes.io/instance": "jarvis", "jarvis.io/color": color });
            expect(deployment.spec.template.metadata.labels).toMatchObject(deployment.spec.selector.matchLabels);
            const preview = spec(find(production.objects, "Service", `${id}-${color}`));
            expect(preview.spec.selector).toEqual(deployment.spec.selector.matchLabels);
            expect(preview.spec.ports).toEqual([{ name: "http", port, targetPort: "http", protocol: "TCP" }]);
        }
        const stable = spec(find(production.objects, "Service", id));
        expect(stable.spec.selector).toEqual({ "app.kubernetes.io/name": id, "app.kubernetes.io/instance": "jarvis", "jarvis.io/color": "blue" });
        // No plain Deployment named after the service any more: only the colors.
        expect(production.objects.some((o) => o.kind === "Deployment" && o.metadata.name === id)).toBe(false);
    });

    it("gives each replicated color its own PodDisruptionBudget, none to a color on standby", () => {
        expect(spec(find(production.objects, "PodDisruptionBudget", "backend-blue")).spec).toEqual({
            maxUnavailable: 1,
            selector: { matchLabels: { "app.kubernetes.io/name": "backend", "app.kubernetes.io/instance": "jarvis", "jarvis.io/color": "blue" } },
        });
        expect(production.objects.some((o) => o.kind === "PodDisruptionBudget" && o.metadata.name === "backend-green")).toBe(false);
    });

    it("checks the active color's /health through its preview Service with a locked-down curl Job", () => {
        const [gate] = jobs(production, "backend-gate-blue-");
        const job = spec(gate);
        expect(job.metadata.annotations).toEqual({ "pulumi.com/replaceUnready": "true" });
        expect(job.spec.backoffLimit).toBe(0);
        const c = container(gate);
        expect(c.image).toBe("curlimages/curl:8.11.1");
        expect(c.env).toContainEqual({ name: "GATE_URL", value: "http://backend-blue:8100/health" });
        expect(c.securityContext).toMatchObject({ runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } });
        expect(job.spec.template.spec.restartPolicy).toBe("Never");
        expect(job.spec.template.metadata.labels).toMatchObject({ "jarvis.io/role": "health-gate", "jarvis.io/service": "backend" });
        // The gate runs after the color's rollout and before the stable Service's selector moves.
        const gateJob = urnOf(production, "kubernetes:batch/v1:Job", gate.metadata.name ?? "");
        expect(gateJob.dependsOn).toContain(urnOf(production, "kubernetes:apps/v1:Deployment", "backend-blue").urn);
        expect(urnOf(production, "kubernetes:core/v1:Service", "backend").dependsOn).toContain(gateJob.urn);
    });

    it("migrates once per backend image: pg_dump to the backup volume, then alembic upgrade head, before the Deployments", () => {
        const migrations = jobs(production, "backend-migrate-");
        expect(migrations).toHaveLength(1);
        const pod = spec(migrations[0]).spec.template.spec;
        const [backup] = pod.initContainers;
        expect(backup.image).toBe("postgres:16.4-bookworm");
        expect(backup.command.slice(0, 2)).toEqual(["/bin/sh", "-c"]);
        expect(backup.command[2]).toContain("pg_dump --format=custom");
        expect(backup.env).toContainEqual({ name: "PGPASSWORD", valueFrom: { secretKeyRef: { name: "postgres-credentials", key: "password" } } });
        expect(backup.volumeMounts).toContainEqual({ name: "backups", mountPath: "/backups" });
        expect(pod.volumes).toContainEqual({ name: "backups", persistentVolumeClaim: { claimName: "backend-migration-backups" } });
        expect(pod.containers[0]).toMatchObject({ name: "migrate", image: backendImage, command: ["alembic", "upgrade", "head"] });
        expect(spec(find(production.objects, "PersistentVolumeClaim", "backend-migration-backups")).spec.resources.requests.storage).toBe("100Gi");

        const job = urnOf(production, "kubernetes:batch/v1:Job", migrations[0].metadata.name ?? "");
        for (const color of ["blue", "green"]) {
            expect(urnOf(production, "kubernetes:apps/v1:Deployment", `backend-${color}`).dependsOn).toContain(job.urn);
        }
        // The migration waits for PostgreSQL itself (a Job runs once; it cannot retry until the database is up).
        expect(job.dependsOn).toContain(urnOf(production, "kubernetes:apps/v1:StatefulSet", "postgres").urn);
        // The backup volume outlives the stack in production.
        expect(urnOf(production, "kubernetes:core/v1:PersistentVolumeClaim", "backend-migration-backups").urn).toBeTruthy();
    });

    it("drains gracefully: endpoints removed first (preStop), then up to the runbook's 60 s of in-flight requests", () => {
        const backend = spec(find(production.objects, "Deployment", "backend-blue")).spec.template.spec;
        expect(backend.containers[0].lifecycle).toEqual({ preStop: { sleep: { seconds: 10 } } });
        expect(backend.terminationGracePeriodSeconds).toBe(70);
        const frontend = spec(find(production.objects, "Deployment", "frontend-blue")).spec.template.spec;
        expect(frontend.terminationGracePeriodSeconds).toBe(40);
        const stt = spec(find(production.objects, "Deployment", "stt")).spec.template.spec;
        expect(stt.containers[0].lifecycle).toEqual({ preStop: { sleep: { seconds: 10 } } });
        // Databases get no preStop delay: they serve no Service-routed HTTP and shut down on their own.
        const postgres = spec(find(production.objects, "StatefulSet", "postgres")).spec.template.spec;
        expect(postgres.containers[0].lifecycle).toBeUndefined();
        expect(postgres.terminationGracePeriodSeconds).toBe(60);
    });
});

describe("a release in progress", () => {
    let current: Plan;
    let next: Plan;
    beforeAll(async () => {
        current = await plan("production", { release: bothColorsServing("production") });
        next = await plan("production", { release: bothColorsServing("production", { backend: { green: nextBackend } }) });
    });

    it("sets each color's image separately: a new green image leaves blue untouched", () => {
        expect(container(find(next.objects, "Deployment", "backend-green")).image).toBe(nextBackend);
        expect(container(find(next.objects, "Deployment", "backend-blue")).image).toBe(backendImage);
        expect(differences(find(current.objects, "Deployment", "backend-blue"), find(next.objects, "Deployment", "backend-blue"))).toEqual([]);
        expect(differences(find(current.objects, "Service", "backend"), find(next.objects, "Service", "backend"))).toEqual([]);
    });

    it("runs a migration for the new image before the new color only; the old image's Job stays", () => {
        const before = jobs(current, "backend-migrate-").map((j) => j.metadata.name);
        const after = jobs(next, "backend-migrate-").map((j) => j.metadata.name);
        expect(after).toHaveLength(2);
        expect(after).toEqual(expect.arrayContaining(before));
        const [added] = after.filter((name) => !before.includes(name));
        const newJob = find(next.objects, "Job", added ?? "");
        expect(spec(newJob).spec.template.spec.containers[0].image).toBe(nextBackend);
        const jobUrn = urnOf(next, "kubernetes:batch/v1:Job", added ?? "").urn;
        expect(urnOf(next, "kubernetes:apps/v1:Deployment", "backend-green").dependsOn).toContain(jobUrn);
        expect(urnOf(next, "kubernetes:apps/v1:Deployment", "backend-blue").dependsOn).not.toContain(jobUrn);
    });

    it("keeps a warm standby when standbyReplicas says so", async () => {
        const warm = await plan("production", {
            release: withColors("production", "frontend", { blue: { scale: "full" }, green: { scale: "standby" } }, { standbyReplicas: 1 }),
        });
        expect(spec(find(warm.objects, "Deployment", "frontend-green")).spec.replicas).toBe(1);
    });

    it("runs the configured migration command", async () => {
        const custom = await plan("production", {
            release: withColors("production", "backend", { blue: { scale: "full" }, green: { scale: "standby" } }, {
                migration: { command: ["python", "-m", "alembic", "upgrade", "head"] },
            }),
        });
        const [job] = jobs(custom, "backend-migrate-");
        expect(container(job).command).toEqual(["python", "-m", "alembic", "upgrade", "head"]);
        // Another command is another migration: a new Job name.
        expect(job.metadata.name).not.toBe(jobs(current, "backend-migrate-")[0].metadata.name);
    });
});

describe("release configuration", () => {
    it("accepts both stack files", () => {
        expect(validate("production").release.backend.colors).toEqual({ blue: { scale: "full" }, green: { scale: "standby" } });
        expect(validate("staging").release.backend.migration.command).toEqual(["alembic", "upgrade", "head"]);
    });

    it("refuses to send traffic to a color on standby", () => {
        expect(() => validate("production", { activeColor: "green" })).toThrow(ConfigError);
        expect(() => validate("production", { activeColor: "green" })).toThrow(
            "jarvis:release.backend.colors.green.scale: the active color (green) must be scaled 'full'",
        );
        expect(validate("production", { activeColor: "green", release: bothColorsServing("production") }).activeColor).toBe("green");
    });

    it("refuses an unpinned color image", () => {
        expect(() =>
            validate("staging", { release: withColors("staging", "backend", { blue: { scale: "full", image: "jarvis-backend:latest" }, green: { scale: "standby" } }) }),
        ).toThrow("jarvis:release.backend.colors.blue.image");
    });
});
