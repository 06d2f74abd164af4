import { describe, expect, it } from "vitest";
import { fixture, violations } from "../../test/support/policies";
import { backupExemptions } from "./exemptions";

describe("backup-exemption-disclosed", () => {
    it("reports each exemption with its reason, as advisory", async () => {
        expect(await violations(backupExemptions, fixture("backup/fixtures/rpo.pass.yaml"))).toEqual([
            {
                policy: "backup-exemption-disclosed",
                level: "advisory",
                resource: "StatefulSet jarvis-production/ollama",
                message: "exempt from backup (jarvis.io/backup-exempt): models are public downloads, pulled again from the registry on restore",
            },
        ]);
    });

    it("reports nothing when no store is exempt", async () => {
        expect(await violations(backupExemptions, fixture("backup/fixtures/runbook-daily-pg-dump.yaml"))).toEqual([]);
    });
});
