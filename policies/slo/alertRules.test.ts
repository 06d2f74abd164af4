import { describe, expect, it } from "vitest";
import { fixture, messages } from "../../test/support/policies";
import { sloAlertRules } from "./alertRules";

describe("slo-alert-rules", () => {
    it("passes burn-rate, availability-ratio and P95 alerts as strict as each SLO (recording rules and milliseconds included)", async () => {
        expect(await messages(sloAlertRules, fixture("slo/fixtures/alertRules.pass.yaml"))).toEqual([]);
    });

    it("flags alerts looser than the SLO and services without alerts", async () => {
        expect(await messages(sloAlertRules, fixture("slo/fixtures/alertRules.fail.yaml"))).toEqual([
            "Deployment jarvis-production/backend: no availability alert as strict as the SLO: BackendErrorBudgetBurn alerts against 99 %, looser than the SLO 99.9 %; BackendErrorBudgetBurnSlow waits for a burn rate of 100x, above 14.4x",
            "Deployment jarvis-production/backend: no latency alert as strict as the SLO: BackendLatencyHigh fires above 500 ms, looser than the SLO P95 200 ms; BackendMedianLatencyHigh does not measure the 95th percentile (histogram_quantile(0.95, ...))",
            "Deployment jarvis-production/frontend: no availability (error-budget burn) alert for the 99.7 % SLO: label a rule service: frontend, slo: availability",
            "Deployment jarvis-production/frontend: no P95 latency alert for the 2s SLO: label a rule service: frontend, slo: latency",
        ]);
    });

    it("requires alerts only for SLO services present in the audited resources", async () => {
        const onlyRules = fixture("slo/fixtures/alertRules.fail.yaml").filter((r) => r.type.endsWith(":PrometheusRule"));
        expect(await messages(sloAlertRules, onlyRules)).toEqual([]);
    });
});
