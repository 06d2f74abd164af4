/** Startup ordering follows the catalog's real dependencies only; independent services start in parallel. */
import { beforeAll, describe, expect, it } from "vitest";
import { catalog } from "../catalog/services";
import { criticalPath, sequentialStartupSeconds } from "../catalog/startup";
import { serviceDependencies } from "../tools/graph";
import { Plan } from "../tools/plan";
import { plan } from "./support/program";

let staging: Plan;

beforeAll(async () => {
    staging = await plan("staging");
});

describe("ordering", () => {
    it("the backend waits for PostgreSQL, Redis, Qdrant and Ollama, the frontend for the backend, nothing else waits", () => {
        const dependencies = Object.fromEntries(serviceDependencies(staging.graph));
        expect(dependencies).toEqual({
            backend: ["ollama", "postgres", "qdrant", "redis"],
            frontend: ["backend"],
        });
    });

    it("the backend's workload waits for the stores' StatefulSets themselves", () => {
        const byUrn = new Map(staging.graph.resources.map((r) => [r.urn, r]));
        const backend = staging.graph.resources.find((r) => r.type === "jarvis:app:BackendApi");
        const waitedFor = (backend?.dependsOn ?? []).map((urn) => byUrn.get(urn)).map((r) => `${r?.type} ${r?.name}`);
        for (const store of ["postgres", "redis", "qdrant", "ollama"]) {
            expect(waitedFor).toContain(`kubernetes:apps/v1:StatefulSet ${store}`);
        }
        expect(waitedFor.some((r) => /timescale|stt|tts/.test(r))).toBe(false);
    });

    it("every resource but the stack has a parent in the graph", () => {
        const urns = new Set(staging.graph.resources.map((r) => r.urn));
        for (const resource of staging.graph.resources.filter((r) => r.type !== "pulumi:pulumi:Stack")) {
            expect(resource.parent && urns.has(resource.parent)).toBe(true);
        }
    });
});

describe("startup timing from the catalog", () => {
    it("keeps the runbook's readiness waits", () => {
        const waits = Object.fromEntries(Object.values(catalog).flatMap((e) => (e.readinessWaitSeconds ? [[e.id, e.readinessWaitSeconds]] : [])));
        expect(waits).toEqual({ postgres: 30, redis: 15, qdrant: 20, ollama: 60, backend: 30, stt: 20, tts: 20, frontend: 25, timescale: 20 });
    });

    it("the critical path is Ollama, backend, frontend: 115 s against the runbook's 240 s in sequence", () => {
        expect(criticalPath()).toEqual({ chain: ["ollama", "backend", "frontend"], seconds: 115 });
        expect(sequentialStartupSeconds()).toBe(240);
    });

    it("refuses a dependency cycle", () => {
        expect(() => criticalPath(["backend", "frontend"], (id) => (id === "backend" ? ["frontend"] : ["backend"]))).toThrow(/cycle/);
    });
});
