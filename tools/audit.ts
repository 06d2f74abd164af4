/**
 * Offline policy audit, for auditors without the Pulumi CLI or a cluster:
 *   npm run audit -- <stack>                 runs the program under mocks (as `npm run plan` does)
 *                                            and the policy pack on everything it registers;
 *   npm run audit -- --manifests FILE.yaml   audits any multi-document Kubernetes YAML.
 * Options: `--json FILE` (default out/<stack>/audit.json, or out/manifests/audit.json),
 * `--policy-config FILE` (the JSON `pulumi preview --policy-pack-config` takes).
 * Prints a table, writes the JSON report, exits 1 when a mandatory policy is violated.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { PolicyPackConfig } from "@pulumi/policy";
import { parseAllDocuments } from "yaml";
import { ConfigError } from "../config/load";
import { jarvisPolicies } from "../policies/policies";
import { kubernetesType } from "../policies/lib/view";
import { renderPlan } from "./plan";
import { AuditedResource, runPolicies, Violation } from "./policyEngine";
import { projectRoot, readStackFile } from "./stackFile";

export interface AuditReport {
    readonly violations: Violation[];
}

/** Every registration of a program run, with its real protect flag. */
export async function stackResources(stack: string): Promise<AuditedResource[]> {
    const plan = await renderPlan(readStackFile(stack));
    return plan.registrations.map((r) => ({
        type: r.type,
        urn: r.urn,
        name: r.name,
        props: r.inputs,
        protect: r.protect,
        parent: r.parent,
        dependencies: r.dependsOn,
    }));
}

interface ManifestObject {
    apiVersion?: unknown;
    kind?: unknown;
    metadata?: { name?: unknown; namespace?: unknown };
    items?: unknown;
}

function isObject(value: unknown): value is ManifestObject & Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The objects of a multi-document YAML text (`kind: List` documents unpacked). */
export function manifestResources(text: string, source = "manifests"): AuditedResource[] {
    const objects: Record<string, unknown>[] = [];
    for (const document of parseAllDocuments(text)) {
        if (document.errors.length > 0) throw new Error(`${source}: ${document.errors[0].message}`);
        const value: unknown = document.toJS();
        if (!isObject(value)) continue;
        if (typeof value.kind === "string" && value.kind.endsWith("List") && Array.isArray(value.items)) objects.push(...value.items.filter(isObject));
        else objects.push(value);
    }
    return objects.flatMap((object, index) => {
        const { apiVersion, kind, metadata } = object as ManifestObject;
        if (typeof apiVersion !== "string" || typeof kind !== "string") return [];
        const type = kubernetesType(apiVersion, kind);
        const namespace = typeof metadata?.namespace === "string" ? `${metadata.namespace}/` : "";
        const name = `${namespace}${typeof metadata?.name === "string" ? metadata.name : `document-${index + 1}`}`;
        return [{ type, urn: `urn:pulumi:${source}::audit::${type}::${name}`, name, props: object, protect: false }];
    });
}

export async function audit(resources: readonly AuditedResource[], source: "engine" | "manifests", config?: PolicyPackConfig): Promise<AuditReport> {
    const violations = await runPolicies(jarvisPolicies, resources, { source, config, packLevel: "advisory" });
    const order = (v: Violation) => (v.level === "mandatory" ? 0 : 1);
    return { violations: [...violations].sort((a, b) => order(a) - order(b) || a.policy.localeCompare(b.policy) || a.resource.localeCompare(b.resource)) };
}

/** A plain-text table: policy, level, resource, message. */
export function formatTable(report: AuditReport): string {
    const header = { policy: "POLICY", level: "LEVEL", resource: "RESOURCE", message: "MESSAGE" };
    const rows = [header, ...report.violations];
    const width = (key: "policy" | "level" | "resource") => Math.max(...rows.map((r) => r[key].length));
    const [p, l, r] = [width("policy"), width("level"), width("resource")];
    const lines = rows.map((row) => `${row.policy.padEnd(p)}  ${row.level.padEnd(l)}  ${row.resource.padEnd(r)}  ${row.message}`);
    const mandatory = report.violations.filter((v) => v.level === "mandatory").length;
    const advisory = report.violations.length - mandatory;
    if (report.violations.length === 0) return "no policy violations";
    return `${lines.join("\n")}\n\n${mandatory} mandatory and ${advisory} advisory violation(s)`;
}

interface Arguments {
    readonly stack?: string;
    readonly manifests?: string;
    readonly json?: string;
    readonly policyConfig?: string;
}

function parseArguments(argv: readonly string[]): Arguments | string {
    const parsed: { stack?: string; manifests?: string; json?: string; policyConfig?: string } = {};
    for (let i = 0; i < argv.length; i++) {
        const flag = argv[i];
        const value = argv[i + 1];
        if (flag === "--manifests" || flag === "--json" || flag === "--policy-config") {
            if (value === undefined) return `${flag} needs a file`;
            parsed[flag === "--manifests" ? "manifests" : flag === "--json" ? "json" : "policyConfig"] = value;
            i++;
        } else if (flag.startsWith("-")) return `unknown option ${flag}`;
        else if (parsed.stack === undefined) parsed.stack = flag;
        else return `unexpected argument ${flag}`;
    }
    if ((parsed.stack === undefined) === (parsed.manifests === undefined)) return "give a stack or --manifests FILE, not both";
    return parsed;
}

const usage = "usage: npm run audit -- <stack> | --manifests FILE.yaml  [--json FILE] [--policy-config FILE]";

export async function main(argv: readonly string[]): Promise<number> {
    const args = parseArguments(argv);
    if (typeof args === "string") {
        console.error(`${args}\n${usage}`);
        return 2;
    }
    const config = args.policyConfig ? (JSON.parse(fs.readFileSync(args.policyConfig, "utf8")) as PolicyPackConfig) : undefined;
    const report = args.manifests
        ? await audit(manifestResources(fs.readFileSync(args.manifests, "utf8")), "manifests", config)
        : await audit(await stackResources(args.stack ?? ""), "engine", config);
    const jsonFile = args.json ?? path.join(projectRoot, "out", args.stack ?? "manifests", "audit.json");
    fs.mkdirSync(path.dirname(jsonFile), { recursive: true });
    fs.writeFileSync(jsonFile, `${JSON.stringify(report, null, 2)}\n`);
    console.log(formatTable(report));
    console.log(`wrote ${path.relative(process.cwd(), jsonFile)}`);
    return report.violations.some((v) => v.level === "mandatory") ? 1 : 0;
}

if (require.main === module) {
    main(process.argv.slice(2)).then(
        (code) => process.exit(code),
        (error: unknown) => {
            console.error(error instanceof ConfigError ? error.message : error);
            process.exit(error instanceof ConfigError ? 3 : 2);
        },
    );
}
