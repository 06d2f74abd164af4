/**
 * Runs a CrossGuard policy list without the Pulumi CLI, the way `@pulumi/policy`'s analyzer server
 * does: props go over the wire format and through the unknown-checking proxy, options carry the
 * protect flag, stack policies get every resource with parents and dependencies linked, a policy
 * that reads a value unknown during preview is reported as advisory "can't run", and the pack
 * config decides each policy's enforcement level.
 */
import {
    EnforcementLevel,
    Policies,
    PolicyPackConfig,
    PolicyResource,
    PolicyResourceOptions,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { auditSources, auditSourceTag } from "../policies/conventions";
import { unknownCheckingProxy, UnknownValueError } from "../policies/lib/engineInternals";
import { isKubernetesType, kindOf } from "../policies/lib/view";

/** A resource as the engine would hand it over. */
export interface AuditedResource {
    readonly type: string;
    readonly urn: string;
    readonly name: string;
    /** Inputs in wire form: secrets wrapped, unknown values as the engine's sentinels. */
    readonly props: Record<string, unknown>;
    readonly protect: boolean;
    readonly parent?: string;
    readonly dependencies?: readonly string[];
}

export interface Violation {
    readonly policy: string;
    readonly level: "mandatory" | "advisory";
    /** `Kind namespace/name` for Kubernetes objects, the URN otherwise, `(stack)` for the stack as a whole. */
    readonly resource: string;
    readonly message: string;
}

export interface EngineOptions {
    /** Where the resources come from: a program run (protect flags known) or plain manifests. */
    readonly source: "engine" | "manifests";
    /** Policy config as `pulumi preview --policy-pack-config` takes it. */
    readonly config?: PolicyPackConfig;
    /** The pack's default level (`PolicyPack`'s `enforcementLevel`). */
    readonly packLevel?: EnforcementLevel;
}

interface DeserializeModule {
    /** Turns the wire Struct into plain JSON: secrets unwrapped, unknown sentinels kept. */
    deserializeProperties(props: Struct, proxySecrets: boolean): Record<string, unknown>;
}
// `require`: `@pulumi/policy` ships this module without declarations (marked internal).
const deserialize = require("@pulumi/policy/deserialize") as DeserializeModule;

type JavaScriptValue = Parameters<typeof Struct.fromJavaScript>[0][string];

/** Drops undefined values, which the wire format cannot carry (the engine treats them as absent). */
function withoutUndefined(value: unknown): JavaScriptValue {
    if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : withoutUndefined(v)));
    if (typeof value === "object" && value !== null) {
        return Object.fromEntries(
            Object.entries(value)
                .filter(([, v]) => v !== undefined)
                .map(([k, v]) => [k, withoutUndefined(v)]),
        );
    }
    return value as JavaScriptValue;
}

/** Props in the wire format the CLI sends them in. */
export function wireProps(props: Record<string, unknown>): Struct {
    return Struct.fromJavaScript(withoutUndefined(props) as Record<string, JavaScriptValue>);
}

/**
 * Props exactly as the engine hands them to a policy: serialized to a protobuf Struct (as the CLI
 * sends them), deserialized by `@pulumi/policy` (secrets unwrapped, unknowns kept as sentinels) and
 * wrapped in the unknown-checking proxy.
 */
function engineProps(props: Record<string, unknown>): Record<string, unknown> {
    return unknownCheckingProxy(deserialize.deserializeProperties(wireProps(props), false));
}

class NotApplicable extends Error {}

function levelOf(policy: { name: string; enforcementLevel?: EnforcementLevel }, options: EngineOptions): EnforcementLevel {
    const configured = options.config?.[policy.name];
    const fromConfig = typeof configured === "string" ? configured : configured?.enforcementLevel;
    return fromConfig ?? policy.enforcementLevel ?? options.packLevel ?? "advisory";
}

function configOf(policyName: string, options: EngineOptions): object {
    const configured = options.config?.[policyName];
    if (configured === undefined || typeof configured === "string") return {};
    const { enforcementLevel: _level, ...properties } = configured;
    return properties;
}

/** How reports name a resource. */
function displayName(resource: AuditedResource): string {
    if (!isKubernetesType(resource.type)) return resource.urn;
    const metadata = resource.props.metadata as { name?: unknown; namespace?: unknown } | undefined;
    const name = typeof metadata?.name === "string" ? metadata.name : resource.name;
    const namespace = typeof metadata?.namespace === "string" ? `${metadata.namespace}/` : "";
    return `${kindOf(resource.type)} ${namespace}${name}`;
}

function optionsOf(resource: AuditedResource): PolicyResourceOptions {
    return {
        protect: resource.protect,
        ignoreChanges: [],
        aliases: [],
        customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
        additionalSecretOutputs: [],
        ...(resource.parent ? { parent: resource.parent } : {}),
    };
}

/** `isType` as the engine implements it: the class's registered Pulumi type, else its `isInstance`. */
function isTypeOf(type: string, resourceClass: unknown): boolean {
    const cls = resourceClass as { __pulumiType?: string; isInstance?: (o: unknown) => boolean };
    if (cls.__pulumiType !== undefined) return cls.__pulumiType === type;
    return typeof cls.isInstance === "function" && cls.isInstance({ __pulumiType: type }) === true;
}

function isResourcePolicy(policy: Policies[number]): policy is ResourceValidationPolicy {
    return !("validateStack" in policy);
}

export async function runPolicies(policies: Policies, resources: readonly AuditedResource[], options: EngineOptions): Promise<Violation[]> {
    const stackTags: ReadonlyMap<string, string> = new Map([[auditSourceTag, options.source === "manifests" ? auditSources.manifests : auditSources.engine]]);
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const violations: Violation[] = [];

    for (const policy of policies) {
        let level = levelOf(policy, options);
        if (level === "disabled") continue;
        if (level === "remediate") level = "mandatory";
        const record = (resource: string, message: string) =>
            violations.push({ policy: policy.name, level: level === "mandatory" ? "mandatory" : "advisory", resource, message });
        const canRun = async (what: () => Promise<void> | void, resource: string) => {
            try {
                await what();
            } catch (error) {
                if (error instanceof UnknownValueError) {
                    // The engine downgrades these to advisory: the policy could not judge during preview.
                    violations.push({ policy: policy.name, level: "advisory", resource, message: `can't run during preview: ${error.message}` });
                } else if (!(error instanceof NotApplicable)) {
                    throw error;
                }
            }
        };
        const getConfig = <T extends object>() => configOf(policy.name, options) as T;
        const notApplicable = (reason?: string): never => {
            throw new NotApplicable(reason);
        };

        if (isResourcePolicy(policy)) {
            const validations = policy.validateResource === undefined ? [] : [policy.validateResource].flat();
            for (const resource of resources) {
                const name = displayName(resource);
                for (const validate of validations) {
                    const props = engineProps(resource.props);
                    const args: ResourceValidationArgs = {
                        type: resource.type,
                        props,
                        urn: resource.urn,
                        name: resource.name,
                        opts: optionsOf(resource),
                        stackTags,
                        isType: (cls: unknown) => isTypeOf(resource.type, cls),
                        asType: ((cls: unknown) => (isTypeOf(resource.type, cls) ? props : undefined)) as ResourceValidationArgs["asType"],
                        getConfig,
                        notApplicable,
                    };
                    const report: ReportViolation = (message) => record(name, message);
                    await canRun(() => validate(args, report), name);
                }
            }
        } else {
            const stackPolicy: StackValidationPolicy = policy;
            const linked = new Map<string, PolicyResource>();
            for (const resource of resources) {
                const props = engineProps(resource.props);
                linked.set(resource.urn, {
                    type: resource.type,
                    props,
                    urn: resource.urn,
                    name: resource.name,
                    opts: optionsOf(resource),
                    dependencies: [],
                    propertyDependencies: {},
                    isType: (cls: unknown) => isTypeOf(resource.type, cls),
                    asType: ((cls: unknown) => (isTypeOf(resource.type, cls) ? props : undefined)) as PolicyResource["asType"],
                });
            }
            for (const resource of resources) {
                const policyResource = linked.get(resource.urn);
                if (!policyResource) continue;
                policyResource.parent = resource.parent ? linked.get(resource.parent) : undefined;
                policyResource.dependencies = (resource.dependencies ?? []).flatMap((urn) => linked.get(urn) ?? []);
            }
            const args: StackValidationArgs = { resources: [...linked.values()], stackTags, getConfig, notApplicable };
            const report: ReportViolation = (message, urn) => {
                const at = urn === undefined ? undefined : byUrn.get(urn);
                record(at ? displayName(at) : (urn ?? "(stack)"), message);
            };
            await canRun(() => stackPolicy.validateStack(args, report), "(stack)");
        }
    }
    return violations;
}
