/**
 * Builds CrossGuard policies from pure checks over resource views. The engine's arguments become
 * views here, once, so every check is a plain function of data that tests and the offline audit
 * can call with the same arguments the engine would pass.
 */
import {
    EnforcementLevel,
    PolicyConfigSchema,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import { readConfig } from "./config";
import { contextOf, isKubernetesType, kindOf, kubernetesViews, ResourceView, RunContext, viewOf } from "./view";

/** What every Jarvis policy states. */
interface PolicyMetadata<C extends object> {
    readonly name: string;
    /** What the policy guarantees, in words an auditor understands. */
    readonly description: string;
    readonly enforcementLevel: EnforcementLevel;
    /** Operator-owned thresholds, with their defaults. */
    readonly config?: { readonly schema: PolicyConfigSchema["properties"]; readonly defaults: C };
    /** What to do about a violation. */
    readonly remediationSteps?: string;
}

export interface ResourceCheck<C extends object> extends PolicyMetadata<C> {
    /** Kubernetes kinds the policy judges. */
    readonly kinds: readonly string[];
    /** Violation messages for one resource. */
    check(view: ResourceView, context: RunContext, config: C): string[];
}

export interface Finding {
    readonly message: string;
    /** The resource at fault; the stack as a whole when absent. */
    readonly urn?: string;
}

export interface StackCheck<C extends object> extends PolicyMetadata<C> {
    /** Findings over every Kubernetes object of the stack. */
    check(views: readonly ResourceView[], context: RunContext, config: C): Finding[];
}

function schemaOf<C extends object>(metadata: PolicyMetadata<C>): PolicyConfigSchema | undefined {
    return metadata.config ? { properties: metadata.config.schema } : undefined;
}

function configOf<C extends object>(metadata: PolicyMetadata<C>, given: object): C {
    return metadata.config ? readConfig(given, metadata.config.defaults) : ({} as C);
}

export function resourcePolicy<C extends object>(spec: ResourceCheck<C>): ResourceValidationPolicy {
    return {
        name: spec.name,
        description: spec.description,
        enforcementLevel: spec.enforcementLevel,
        configSchema: schemaOf(spec),
        remediationSteps: spec.remediationSteps,
        validateResource: (args: ResourceValidationArgs, reportViolation) => {
            if (!isKubernetesType(args.type) || !spec.kinds.includes(kindOf(args.type))) return;
            const view = viewOf(args);
            for (const message of spec.check(view, contextOf(args, args.urn), configOf(spec, args.getConfig()))) {
                // The engine (and the audit) attach the violation to the resource: the message needs no name.
                reportViolation(message);
            }
        },
    };
}

export function stackPolicy<C extends object>(spec: StackCheck<C>): StackValidationPolicy {
    return {
        name: spec.name,
        description: spec.description,
        enforcementLevel: spec.enforcementLevel,
        configSchema: schemaOf(spec),
        remediationSteps: spec.remediationSteps,
        validateStack: (args: StackValidationArgs, reportViolation) => {
            const views = kubernetesViews(args.resources.map(viewOf));
            const context = contextOf(args, args.resources[0]?.urn ?? "");
            for (const finding of spec.check(views, context, configOf(spec, args.getConfig()))) {
                reportViolation(finding.message, finding.urn);
            }
        },
    };
}
