import { describe, expect, it } from "vitest";
import { fixture, messages } from "../../test/support/policies";
import { sloLivenessWithinRto } from "./livenessWithinRto";

describe("slo-liveness-within-rto", () => {
    it("passes a liveness probe whose detection, kill and startup fit in half the RTO", async () => {
        expect(await messages(sloLivenessWithinRto, fixture("slo/fixtures/livenessWithinRto.pass.yaml"))).toEqual([]);
    });

    it("flags slow detection (RTO from the tier) and a workload with no liveness probe", async () => {
        expect(await messages(sloLivenessWithinRto, fixture("slo/fixtures/livenessWithinRto.fail.yaml"))).toEqual([
            "Deployment jarvis-staging/backend: container backend may take 181s to be detected and restarted, more than 50% of the RTO 5m (150s)",
            "Deployment jarvis-staging/tts: container tts has no liveness probe: a hung process is never restarted within the RTO 30m",
        ]);
    });
});
