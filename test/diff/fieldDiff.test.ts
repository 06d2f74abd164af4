import { describe, expect, it } from "vitest";
import { diffFields, formatPath } from "../../tools/diff/fieldDiff";
import { parseQuantity } from "../../tools/diff/quantity";

describe("field diff", () => {
    it("finds leaves at deep paths, arrays by position", () => {
        const before = { spec: { containers: [{ image: "a:1", env: [{ name: "X", value: "1" }] }] } };
        const after = { spec: { containers: [{ image: "a:2", env: [{ name: "X", value: "1" }, { name: "Y", value: "2" }] }] } };
        expect(diffFields(before, after).map((c) => [formatPath(c.path), c.before, c.after])).toEqual([
            ["spec.containers[0].env[1]", undefined, { name: "Y", value: "2" }],
            ["spec.containers[0].image", "a:1", "a:2"],
        ]);
    });

    it("quotes keys that are not identifiers", () => {
        expect(formatPath(["metadata", "labels", "app.kubernetes.io/name"])).toBe('metadata.labels["app.kubernetes.io/name"]');
    });

    it("reads Kubernetes quantities", () => {
        expect(parseQuantity("20Gi")).toBe(20 * 2 ** 30);
        expect(parseQuantity("500m")).toBe(0.5);
        expect(parseQuantity("1.5G")).toBe(1.5e9);
        expect(parseQuantity("lots")).toBeUndefined();
    });
});
