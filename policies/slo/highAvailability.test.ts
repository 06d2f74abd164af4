import { describe, expect, it } from "vitest";
import { fixture, messages } from "../../test/support/policies";
import { sloHighAvailability } from "./highAvailability";

describe("slo-high-availability", () => {
    it("passes replicated, budgeted, spread production workloads; skips standbys and staging", async () => {
        expect(await messages(sloHighAvailability, fixture("slo/fixtures/highAvailability.pass.yaml"))).toEqual([]);
    });

    it("flags a single-replica database and a budget or spread that protects nothing", async () => {
        expect(await messages(sloHighAvailability, fixture("slo/fixtures/highAvailability.fail.yaml"))).toEqual([
            "StatefulSet jarvis-production/postgres: runs 1 replica(s) for 99.95 % availability; at least 2 are required in production",
            "StatefulSet jarvis-production/postgres: has no PodDisruptionBudget selecting its pods (99.95 % availability)",
            "StatefulSet jarvis-production/postgres: is not spread across nodes: add a topologySpreadConstraint on kubernetes.io/hostname with whenUnsatisfiable: DoNotSchedule, or a required pod anti-affinity",
            "Deployment jarvis-production/backend: has a PodDisruptionBudget that lets every pod be evicted at once",
            "Deployment jarvis-production/backend: is not spread across nodes: add a topologySpreadConstraint on kubernetes.io/hostname with whenUnsatisfiable: DoNotSchedule, or a required pod anti-affinity",
        ]);
    });

    it("recognises production by the stack name when labels and namespace do not say", async () => {
        const resources = fixture("slo/fixtures/highAvailability.fail.yaml").map((r) => ({
            ...r,
            urn: r.urn.replace("urn:pulumi:fixtures::", "urn:pulumi:prod-eu::"),
            props: JSON.parse(JSON.stringify(r.props).replaceAll("jarvis-production", "jarvis")) as Record<string, unknown>,
        }));
        expect(await messages(sloHighAvailability, resources)).toEqual([]);
        const config = { "slo-high-availability": { productionStacks: ["prod-eu"] } };
        expect(await messages(sloHighAvailability, resources, { config })).toHaveLength(5);
    });
});
