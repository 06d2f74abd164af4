/** The pack as a whole: metadata auditors read, a compliant slice, the runbook's flaw, unknown values. */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { AuditedResource } from "../tools/policyEngine";
import { fixture, policiesRoot, unknownString, violations } from "../test/support/policies";
import { jarvisPolicies } from "./policies";

/** Every path inside a value: object keys and array indexes, inner nodes and leaves. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
    if (Array.isArray(value)) return value.flatMap((v, i) => [[...prefix, i], ...paths(v, [...prefix, i])]);
    if (typeof value === "object" && value !== null) {
        return Object.entries(value).flatMap(([k, v]) => [[...prefix, k], ...paths(v, [...prefix, k])]);
    }
    return [];
}

/** A copy of the resource with the value at a path replaced (or removed when `replacement` is undefined). */
function changed(resource: AuditedResource, at: (string | number)[], replacement: unknown): AuditedResource {
    const props = structuredClone(resource.props);
    let container = props as Record<string | number, unknown>;
    for (const key of at.slice(0, -1)) container = container[key] as Record<string | number, unknown>;
    const last = at[at.length - 1];
    if (replacement === undefined && Array.isArray(container)) container.splice(Number(last), 1);
    else if (replacement === undefined) delete container[last];
    else container[last] = replacement;
    return { ...resource, props };
}

describe("the jarvis policy pack", () => {
    it("gives every policy a unique name, an auditor's description and a mandatory or advisory level", () => {
        const names = jarvisPolicies.map((p) => p.name);
        expect(new Set(names).size).toBe(names.length);
        for (const policy of jarvisPolicies) {
            expect(policy.description.length, policy.name).toBeGreaterThan(60);
            expect(["mandatory", "advisory"], policy.name).toContain(policy.enforcementLevel);
        }
    });

    it("documents every policy in policies/README.md", () => {
        const readme = fs.readFileSync(path.join(policiesRoot, "README.md"), "utf8");
        for (const policy of jarvisPolicies) expect(readme, policy.name).toContain(`\`${policy.name}\``);
    });

    it("finds nothing to report on a compliant production slice", async () => {
        expect(await violations(jarvisPolicies, fixture("fixtures/compliant-production.yaml"))).toEqual([]);
    });

    it("flags the runbook's daily pg_dump for a tier-1 store as a mandatory violation", async () => {
        const found = await violations(jarvisPolicies, fixture("backup/fixtures/runbook-daily-pg-dump.yaml"));
        expect(found).toContainEqual(
            expect.objectContaining({
                policy: "backup-meets-rpo",
                level: "mandatory",
                resource: "StatefulSet jarvis-production/postgres",
                message: expect.stringContaining("'0 2 * * *' leaves up to 24h between backups"),
            }),
        );
    });

    it("judges only what is known: any value unknown during preview leaves the compliant slice clean", async () => {
        const resources = fixture("fixtures/compliant-production.yaml");
        for (const [index, resource] of resources.entries()) {
            for (const at of paths(resource.props)) {
                const variant = resources.map((r, i) => (i === index ? changed(resource, at, unknownString) : r));
                expect(await violations(jarvisPolicies, variant), `${resource.name} ${at.join(".")}`).toEqual([]);
            }
        }
    });

    it("never crashes when any value is absent", async () => {
        const resources = fixture("fixtures/compliant-production.yaml");
        for (const [index, resource] of resources.entries()) {
            for (const at of paths(resource.props)) {
                const variant = resources.map((r, i) => (i === index ? changed(resource, at, undefined) : r));
                // The engine reports a policy that throws on unknown values as "can't run"; anything else would fail here.
                const found = await violations(jarvisPolicies, variant);
                expect(found.filter((v) => v.message.startsWith("can't run")), `${resource.name} ${at.join(".")}`).toEqual([]);
            }
        }
    });
});
