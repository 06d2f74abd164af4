/**
 * Test support for policies: fixtures as the engine would hand them over (wire format, unknown-
 * checking proxy, protect flags), run through the same adapter as the offline audit.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Policies, PolicyPackConfig } from "@pulumi/policy";
import { manifestResources } from "../../tools/audit";
import { AuditedResource, runPolicies, Violation } from "../../tools/policyEngine";

export const policiesRoot = path.resolve(__dirname, "../../policies");

/** A fixture file's objects, as the audit reads manifests. */
export function fixture(relativePath: string): AuditedResource[] {
    return manifestResources(fs.readFileSync(path.join(policiesRoot, relativePath), "utf8"), "fixtures");
}

/** The same objects as if a program on `stack` registered them, with protect flags. */
export function asStack(resources: readonly AuditedResource[], stack: string, protect = false): AuditedResource[] {
    return resources.map((r) => ({ ...r, urn: r.urn.replace(/^urn:pulumi:[^:]+::/, `urn:pulumi:${stack}::`), protect }));
}

export interface RunOptions {
    readonly source?: "engine" | "manifests";
    readonly config?: PolicyPackConfig;
}

/** Violations of one policy (or a list) on resources. */
export async function violations(policy: Policies[number] | Policies, resources: readonly AuditedResource[], options: RunOptions = {}): Promise<Violation[]> {
    const list = Array.isArray(policy) ? policy : [policy];
    return runPolicies(list, resources, { source: options.source ?? "manifests", config: options.config });
}

/** Messages only, for compact assertions. */
export async function messages(policy: Policies[number], resources: readonly AuditedResource[], options: RunOptions = {}): Promise<string[]> {
    return (await violations(policy, resources, options)).map((v) => `${v.resource}: ${v.message}`);
}

/** Pulumi's sentinel for a string unknown during preview (what the engine sends for computed values). */
export const unknownString = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
