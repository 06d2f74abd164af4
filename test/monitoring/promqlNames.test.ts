import { describe, expect, it } from "vitest";
import { seriesNames } from "./promqlNames";

describe("seriesNames", () => {
    it("finds metric and recording-rule names, not functions, labels, keywords or durations", () => {
        expect(seriesNames('histogram_quantile(0.95, sum by (job, le) (rate(jarvis_response_time_seconds_bucket{namespace="a"}[5m])))')).toEqual([
            "jarvis_response_time_seconds_bucket",
        ]);
        expect(
            seriesNames('slo:sli_error:ratio_rate1h{namespace="x"} / on (namespace, service, slo) slo:error_budget:ratio{namespace="x"}'),
        ).toEqual(["slo:sli_error:ratio_rate1h", "slo:error_budget:ratio"]);
        expect(seriesNames('100 * sum by (job) (rate(a_total{x=~"y.*"}[5m])) / sum by (job) (rate(b_total[5m])) > 1e3 and bool c')).toEqual([
            "a_total",
            "b_total",
            "c",
        ]);
        expect(seriesNames('up{job=~"jarvis-.*"}')).toEqual(["up"]);
    });
});
