/**
 * CI gate: the policy pack on what each stack registers reports no mandatory violation. Backups,
 * alert rules and network policies come from the backup, monitoring and release components.
 */
import { describe, expect, it } from "vitest";
import { audit, stackResources } from "../../tools/audit";

describe.each(["staging", "production"])("the %s stack", (stack) => {
    it("violates no mandatory policy", async () => {
        const report = await audit(await stackResources(stack), "engine");
        const mandatory = report.violations.filter((v) => v.level === "mandatory").map((v) => `${v.policy} ${v.resource}: ${v.message}`);
        expect(mandatory).toEqual([]);
    });
});
