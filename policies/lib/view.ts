/**
 * The small view of a resource every policy judges: its type and kind, names, metadata, props (a
 * safe snapshot) and protect flag. The same view is built from the engine's arguments under the
 * Pulumi CLI and from the offline audit, so a policy is a pure function of views.
 */
import { PolicyResource, ResourceValidationArgs } from "@pulumi/policy";
import { auditSources, auditSourceTag, labels as labelKeys } from "../conventions";
import { asString, at, snapshot, stringMap, Struct, asStruct } from "./values";

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
        readonly labels: Record<string, string>;
        readonly annotations: Record<string, string>;
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

export function stackOf(urn: string): string {
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
        },
        id: `${kind} ${namespace ? `${namespace}/` : ""}${name ?? resource.name}`,
    };
}

export function contextOf(args: { stackTags: ReadonlyMap<string, string> }, urn: string): RunContext {
    const source = args.stackTags.get(auditSourceTag) === auditSources.manifests ? "manifests" : "engine";
    return { stack: stackOf(urn), source };
}

export function resourceViewOf(args: ResourceValidationArgs): ResourceView {
    return viewOf(args);
}

export function stackViewsOf(resources: readonly PolicyResource[]): ResourceView[] {
    return resources.map(viewOf);
}

/** Kubernetes objects only (providers, components and the stack are not judged). */
export function kubernetesViews(views: readonly ResourceView[]): ResourceView[] {
    return views.filter((v) => isKubernetesType(v.type));
}

/** A view's `jarvis.io/service`, from its own labels or its pod template's. */
export function serviceOf(view: ResourceView): string | undefined {
    return view.metadata.labels[labelKeys.service] ?? templateLabels(view)[labelKeys.service];
}

/** Labels of the pods a workload creates (CronJobs nest them one level deeper). */
export function templateLabels(view: ResourceView): Record<string, string> {
    const template = view.kind === "CronJob" ? at(view.props, "spec", "jobTemplate", "spec", "template") : at(view.props, "spec", "template");
    return stringMap(at(template, "metadata", "labels"));
}

/** The label value from the object, else from its pod template. */
export function labelOf(view: ResourceView, key: string): string | undefined {
    return view.metadata.labels[key] ?? templateLabels(view)[key];
}
