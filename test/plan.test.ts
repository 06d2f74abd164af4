/** The offline plan: schema-valid manifests in apply order, a full graph, secrets never in clear. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseAllDocuments } from "yaml";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { mockSecretValue } from "../tools/mockRuntime";
import { main, Plan, writePlan } from "../tools/plan";
import { validateObject } from "../tools/schemaValidation";
import { parseStackFile } from "../tools/stackFile";
import { plan } from "./support/program";

let plans: Record<string, Plan>;
let dir: string;

beforeAll(async () => {
    plans = { staging: await plan("staging"), production: await plan("production") };
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "jarvis-plan-"));
});

afterEach(() => vi.restoreAllMocks());

describe.each(["staging", "production"])("the %s plan", (stack) => {
    it("validates every object against the Kubernetes schemas", () => {
        expect(plans[stack].problems).toEqual([]);
        expect(plans[stack].objects.length).toBeGreaterThan(20);
    });

    it("writes manifests in apply order, namespace first, and a graph of every resource", () => {
        const out = writePlan(plans[stack], dir);
        const documents = parseAllDocuments(fs.readFileSync(path.join(out, "manifests.yaml"), "utf8")).map((d) => d.toJS());
        expect(documents).toHaveLength(plans[stack].objects.length);
        expect(documents[0]).toMatchObject({ kind: "Namespace", metadata: { name: `jarvis-${stack}` } });
        const kinds = documents.map((d) => d.kind);
        expect(kinds.lastIndexOf("Secret")).toBeLessThan(kinds.indexOf("StatefulSet"));
        expect(kinds.lastIndexOf("Service")).toBeLessThan(kinds.indexOf("Deployment"));

        const graph = JSON.parse(fs.readFileSync(path.join(out, "graph.json"), "utf8"));
        expect(graph.stack).toBe(stack);
        const types = new Set(graph.resources.map((r: { type: string }) => r.type));
        for (const type of ["pulumi:pulumi:Stack", "jarvis:platform:Platform", "jarvis:data:Postgres", "jarvis:kubernetes:Workload", "random:index/randomPassword:RandomPassword", "pulumi:providers:kubernetes"]) {
            expect(types).toContain(type);
        }
        for (const resource of graph.resources) {
            expect(Object.keys(resource).sort()).toEqual(["dependsOn", "name", "parent", "type", "urn"]);
        }
    });

    it("never writes a generated secret in clear", () => {
        const out = writePlan(plans[stack], dir);
        const manifests = fs.readFileSync(path.join(out, "manifests.yaml"), "utf8");
        const generated = plans[stack].graph.resources.filter((r) => r.type === "random:index/randomPassword:RandomPassword");
        // Four stores' passwords; production's replicated PostgreSQL adds its replication role's.
        expect(generated.length).toBe(stack === "production" ? 5 : 4);
        for (const password of generated) expect(manifests).not.toContain(mockSecretValue(password.name));
        expect(manifests).not.toContain("mock");
        // No env entry carries a credential-looking literal.
        const literals = [...manifests.matchAll(/- name: (\w+)\n\s+value: (.*)/g)].map(([, name]) => name);
        expect(literals.filter((n) => /PASSWORD|SECRET|TOKEN|API_KEY/.test(n))).toEqual([]);
    });
});

describe("schema validation", () => {
    it("names the object and the field that is wrong", async () => {
        const broken = structuredClone(plans.staging.objects.find((o) => o.kind === "StatefulSet"));
        expect(broken).toBeDefined();
        (broken as unknown as { spec: { replicas: unknown } }).spec.replicas = "three";
        expect(await validateObject(broken as NonNullable<typeof broken>)).toEqual([
            expect.stringMatching(/^StatefulSet jarvis-staging\/\w+: spec\.replicas must be integer/),
        ]);
    });

    it("refuses an object whose kind it has no schema for", async () => {
        const problems = await validateObject({ apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" } });
        expect(problems[0]).toMatch(/no schema known for example.com\/v1 Widget/);
    });
});

describe("the plan command", () => {
    function stackRoot(name: string, text: string): string {
        const root = fs.mkdtempSync(path.join(os.tmpdir(), "jarvis-stack-"));
        fs.writeFileSync(path.join(root, `Pulumi.${name}.yaml`), text);
        return root;
    }

    it("exits non-zero with the schema's messages on invalid config", async () => {
        const errors: string[] = [];
        vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void errors.push(args.join(" ")));
        const root = stackRoot("broken", "config:\n  jarvis:environment: staging\n  jarvis:namespace: Bad_Name\n");
        const code = await main(["broken"], { root, outRoot: dir });
        expect(code).toBe(3);
        expect(errors.join("\n")).toMatch(/jarvis:namespace: a DNS-1123 label/);
        expect(errors.join("\n")).toMatch(/jarvis:services: /);
        expect(fs.existsSync(path.join(dir, "broken"))).toBe(false);
    });

    it("replaces encrypted values by placeholders and never prints them", async () => {
        const text = fs.readFileSync(path.join(__dirname, "..", "Pulumi.staging.yaml"), "utf8") +
            "  jarvis:kubeconfig:\n    secure: v1:c2VjcmV0LWNpcGhlcnRleHQ=\n";
        const parsed = parseStackFile("staging", text);
        expect(parsed.config["jarvis:kubeconfig"]).toBe("<encrypted jarvis:kubeconfig>");
        expect(parsed.secretKeys).toEqual(["jarvis:kubeconfig"]);

        const printed: string[] = [];
        vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => void printed.push(args.join(" ")));
        const code = await main(["staging"], { root: stackRoot("staging", text), outRoot: dir });
        expect(code).toBe(0);
        const written = fs.readFileSync(path.join(dir, "staging", "manifests.yaml"), "utf8");
        for (const output of [printed.join("\n"), written]) {
            expect(output).not.toContain("c2VjcmV0LWNpcGhlcnRleHQ");
            expect(output).not.toContain("<encrypted");
        }
    });
});
