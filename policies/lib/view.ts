/**
 * The small view of a resource every policy judges: its type and kind, names, metadata, props (a
 * safe snapshot) and protect flag. The same view is built from the engine's arguments under the
 * Pulumi CLI and from the offline audit, so a policy is a pure function of views.
 */
import { auditSources, auditSourceTag, labels as labelKeys } from "../conventions";
import { asString, asStruct, at, containsUnknown, isUnknown, snapshot, stringMap, Struct, Value } from "./values";

export interface ResourceView {
    /** Pulumi type token (`kubernetes:apps/v1:StatefulSet`). */
    readonly type: string;
    /** Kubernetes kind (`StatefulSet`), or the token's last part for other resources. */
    readonly kind: string;
    readonly urn: string;
    /** Pulumi resource name. */
    readonly name: string;
    /** Props with unknown values marked, never throwing. */
    readonly props: Struct;
    readonly protect: boolean;
    readonly metadata: {
        readonly name?: string;
        readonly namespace?: string;
        /** Known labels (a label whose value is unknown during preview is left out, and `unknown` says so). */
        readonly labels: Record<string, string>;
        readonly annotations: Record<string, string>;
        /** Parts of the identity unknown during preview: a policy cannot tell what the object is or where it lives. */
        readonly unknown: ReadonlySet<"name" | "namespace" | "labels" | "annotations">;
    };
    /** How reports name it: `StatefulSet jarvis-production/postgres`. */
    readonly id: string;
}

/** What a policy knows about the run as a whole. */
export interface RunContext {
    /** Stack name, from the URNs (`urn:pulumi:<stack>::...`). */
    readonly stack: string;
    /** Whether protect flags are real (engine, or a recorded mock run) or absent (plain manifests). */
    readonly source: "engine" | "manifests";
}

/** Kubernetes objects (`kubernetes:<group>/<version>:<Kind>`), not the Helm, YAML or Kustomize components. */
export function isKubernetesType(type: string): boolean {
    const [provider, apiVersion] = type.split(":");
    return provider === "kubernetes" && apiVersion !== undefined && apiVersion.includes("/") && !apiVersion.startsWith("helm.sh/");
}

/** `kubernetes:apps/v1:StatefulSet` -> `StatefulSet`. */
export function kindOf(type: string): string {
    return type.split(":").pop() ?? type;
}

/** The Pulumi type token of a Kubernetes object, as `@pulumi/kubernetes` names it. */
export function kubernetesType(apiVersion: string, kind: string): string {
    return `kubernetes:${apiVersion.includes("/") ? apiVersion : `core/${apiVersion}`}:${kind}`;
}

function stackOf(urn: string): string {
    return urn.split("::")[0]?.replace(/^urn:pulumi:/, "") ?? "";
}

interface ResourceLike {
    readonly type: string;
    readonly urn: string;
    readonly name: string;
    readonly props: Record<string, unknown>;
    readonly opts: { readonly protect: boolean };
}

export function viewOf(resource: ResourceLike): ResourceView {
    const props = asStruct(snapshot(resource.props)) ?? {};
    const metadata = asStruct(props.metadata);
    const name = asString(metadata?.name);
    const namespace = asString(metadata?.namespace);
    const kind = kindOf(resource.type);
    const unknownParts = (["name", "namespace", "labels", "annotations"] as const).filter((part) => containsUnknown(at(metadata, part)));
    if (isUnknown(props.metadata)) unknownParts.push("name", "namespace", "labels", "annotations");
    return {
        type: resource.type,
        kind,
        urn: resource.urn,
        name: resource.name,
        props,
        protect: resource.opts.protect === true,
        metadata: {
            name,
            namespace,
            labels: stringMap(at(metadata, "labels")),
            annotations: stringMap(at(metadata, "annotations")),
            unknown: new Set(unknownParts),
        },
        id: `${kind} ${namespace ? `${namespace}/` : ""}${name ?? resource.name}`,
    };
}

export function contextOf(args: { stackTags: ReadonlyMap<string, string> }, urn: string): RunContext {
    const source = args.stackTags.get(auditSourceTag) === auditSources.manifests ? "manifests" : "engine";
    return { stack: stackOf(urn), source };
}

/** Kubernetes objects only (providers, components and the stack are not judged). */
export function kubernetesViews(views: readonly ResourceView[]): ResourceView[] {
    return views.filter((v) => isKubernetesType(v.type));
}

/** A view's `jarvis.io/service`, from its own labels or its pod template's. */
export function serviceOf(view: ResourceView): string | undefined {
    return view.metadata.labels[labelKeys.service] ?? templateLabels(view)[labelKeys.service];
}

/** Whether two objects may live in the same namespace (an unknown namespace may be any). */
export function mayShareNamespace(a: ResourceView, b: ResourceView): boolean {
    return a.metadata.unknown.has("namespace") || b.metadata.unknown.has("namespace") || a.metadata.namespace === b.metadata.namespace;
}

/** Whether the labels a policy reads (the object's and its pod template's) are all known. */
export function labelsKnown(view: ResourceView): boolean {
    return !view.metadata.unknown.has("labels") && !containsUnknown(at(podTemplateOf(view), "metadata", "labels"));
}

/** Labels of the pods a workload creates (CronJobs nest them one level deeper). */
export function templateLabels(view: ResourceView): Record<string, string> {
    return stringMap(at(podTemplateOf(view), "metadata", "labels"));
}

/** The pod template of a workload (CronJobs nest it one level deeper). */
export function podTemplateOf(view: ResourceView): Value | undefined {
    return view.kind === "CronJob" ? at(view.props, "spec", "jobTemplate", "spec", "template") : at(view.props, "spec", "template");
}

/** The label value from the object, else from its pod template. */
export function labelOf(view: ResourceView, key: string): string | undefined {
    return view.metadata.labels[key] ?? templateLabels(view)[key];
}
