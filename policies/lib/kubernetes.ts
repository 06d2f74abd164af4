/** Reading pod templates and selectors out of any workload kind. */
import { Finding } from "./policy";
import { asArray, asNumber, asString, asStruct, asStructs, at, containsUnknown, isUnknown, stringMap, Struct, Value } from "./values";
import { labelsKnown, podTemplateOf, ResourceView, templateLabels } from "./view";

/** The pod spec a workload runs: Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob. */
export function podSpecOf(view: ResourceView): Struct | undefined {
    switch (view.kind) {
        case "Pod":
            return asStruct(view.props.spec);
        case "CronJob":
            return asStruct(at(view.props, "spec", "jobTemplate", "spec", "template", "spec"));
        case "Deployment":
        case "StatefulSet":
        case "DaemonSet":
        case "ReplicaSet":
        case "Job":
            return asStruct(at(view.props, "spec", "template", "spec"));
        default:
            return undefined;
    }
}

/** Annotations of the pods a workload creates. */
export function podAnnotationsOf(view: ResourceView): Record<string, string> {
    return stringMap(at(podTemplateOf(view), "metadata", "annotations"));
}

/**
 * Whether the containers' own settings (list, images, commands, env, resources) or a workload's
 * annotations hide something unknown during preview: a policy that needs them cannot judge yet.
 */
export function podDetailsUnknown(view: ResourceView): boolean {
    const template = podTemplateOf(view);
    const spec = at(template, "spec");
    return (
        view.metadata.unknown.has("annotations") ||
        isUnknown(template) ||
        isUnknown(spec) ||
        containsUnknown(at(template, "metadata", "annotations")) ||
        ["initContainers", "containers", "volumes"].some((key) => containsUnknown(at(spec, key)))
    );
}

export interface Container {
    readonly name: string;
    /** `containers`, `initContainers` or `ephemeralContainers`. */
    readonly group: string;
    readonly spec: Struct;
}

/** Containers that serve (not init containers). */
export function mainContainers(podSpec: Struct | undefined): Container[] {
    return asStructs(podSpec?.containers).map((spec, i) => ({ name: asString(spec.name) ?? `#${i}`, group: "containers", spec }));
}

/** Every container, init and ephemeral ones included. */
export function allContainers(podSpec: Struct | undefined): Container[] {
    return ["initContainers", "containers", "ephemeralContainers"].flatMap((group) =>
        asStructs(podSpec?.[group]).map((spec, i) => ({ name: asString(spec.name) ?? `#${i}`, group, spec })),
    );
}

/** An env var as written: a literal value, a reference, or unknown during preview. */
export interface EnvVar {
    readonly name: string;
    readonly value?: string;
    readonly fromReference: boolean;
    readonly unknown: boolean;
}

export function envOf(container: Container): EnvVar[] {
    return asStructs(container.spec.env).flatMap((entry) => {
        const name = asString(entry.name);
        if (name === undefined) return [];
        return [{ name, value: asString(entry.value), fromReference: entry.valueFrom !== undefined, unknown: isUnknown(entry.value) }];
    });
}

/** Command and args of a container, as strings (unknown elements skipped). */
export function commandLine(container: Container): string[] {
    return [...asArray(container.spec.command), ...asArray(container.spec.args)].flatMap((v) => (typeof v === "string" ? [v] : []));
}

/** Persistent volumes a pod uses: claim templates (StatefulSet) and claims mounted directly. */
export function persistentClaims(view: ResourceView): string[] {
    const templates = asStructs(at(view.props, "spec", "volumeClaimTemplates")).flatMap((t) => asString(at(t, "metadata", "name")) ?? []);
    const mounted = asStructs(podSpecOf(view)?.volumes).flatMap((v) => asString(at(v, "persistentVolumeClaim", "claimName")) ?? []);
    return [...templates, ...mounted];
}

/** Desired replicas (Kubernetes' default is 1); undefined when unknown. */
export function replicasOf(view: ResourceView): number | undefined {
    const replicas = at(view.props, "spec", "replicas");
    if (replicas === undefined) return 1;
    return asNumber(replicas);
}

/** Labels of the pods a workload creates (selector labels included). */
function podLabelsOf(view: ResourceView): Record<string, string> {
    return view.kind === "Pod" ? view.metadata.labels : templateLabels(view);
}

/** Whether a selector selects a workload's pods; `maybe` when either side is unknown during preview. */
export type Match = "yes" | "no" | "maybe";

export function selectorMatch(selector: Value | undefined, workload: ResourceView): Match {
    if (containsUnknown(selector) || !labelsKnown(workload)) return "maybe";
    return selectorMatches(selector, podLabelsOf(workload)) ? "yes" : "no";
}

/** Whether a label selector (`matchLabels` and `matchExpressions`) selects these labels; an empty selector selects everything. */
function selectorMatches(selector: Value | undefined, podLabels: Record<string, string>): boolean {
    const s = asStruct(selector);
    if (s === undefined) return false;
    const matchLabels = stringMap(s.matchLabels);
    if (!Object.entries(matchLabels).every(([k, v]) => podLabels[k] === v)) return false;
    return asStructs(s.matchExpressions).every((expression) => {
        const key = asString(expression.key);
        const values = asArray(expression.values).flatMap((v) => (typeof v === "string" ? [v] : []));
        if (key === undefined) return false;
        const present = key in podLabels;
        switch (asString(expression.operator)) {
            case "In":
                return present && values.includes(podLabels[key]);
            case "NotIn":
                return !present || !values.includes(podLabels[key]);
            case "Exists":
                return present;
            case "DoesNotExist":
                return !present;
            default:
                return false;
        }
    });
}

/** A stack finding about one object (reports name the object from its URN). */
export function findingAt(view: ResourceView, message: string): Finding {
    return { message, urn: view.urn };
}

/** Objects of some kinds. */
export function ofKind(views: readonly ResourceView[], ...kinds: string[]): ResourceView[] {
    return views.filter((v) => kinds.includes(v.kind));
}
