import { describe, expect, it } from "vitest";
import { fixture, messages } from "../../test/support/policies";
import { sloProbes } from "./probes";

describe("slo-probes", () => {
    it("passes SLO workloads with both probes and ignores services without an SLO", async () => {
        expect(await messages(sloProbes, fixture("slo/fixtures/probes.pass.yaml"))).toEqual([]);
    });

    it("flags an SLO workload without a liveness probe, naming the service from its pod labels", async () => {
        expect(await messages(sloProbes, fixture("slo/fixtures/probes.fail.yaml"))).toEqual([
            "StatefulSet jarvis-staging/postgres: container postgres of SLO service postgres has no livenessProbe",
        ]);
    });

    it("takes the SLO table from policy config", async () => {
        const config = { "slo-probes": { objectives: { stt: { availability: 0.99, latencyP95Seconds: 1 } } } };
        expect(await messages(sloProbes, fixture("slo/fixtures/probes.pass.yaml"), { config })).toEqual([
            "Deployment jarvis-staging/stt: container stt of SLO service stt has no readinessProbe and no livenessProbe",
        ]);
    });
});
