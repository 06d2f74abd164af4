/**
 * The difference between two offline plans: Kubernetes objects added, removed, updated in place or
 * replaced (field by field), other Pulumi resources added or removed, and, apart, every change that
 * puts data at risk. Values are masked here, once, so no renderer can print a credential.
 */
import { GraphResource } from "../graph";
import { KubernetesObject, objectId } from "../manifests";
import { removalRisk, replacementRisk, resourceRemovalRisk } from "./dataAtRisk";
import { diffFields, FieldChange, formatPath, valueAt } from "./fieldDiff";
import { resourceKey } from "./identity";
import { LoadedPlan } from "./loadPlan";
import { maskForDisplay } from "./masking";
import { replacementReasons } from "./replacement";

/** A changed field as it may be printed: masked, and absent sides left undefined. */
export interface DisplayedField {
    /** `spec.template.spec.containers[0].image`. */
    readonly path: string;
    readonly before?: unknown;
    readonly after?: unknown;
    /** The values differ but both sides print the same (masked): say that it changed, not how. */
    readonly secretChanged: boolean;
}

export type ObjectAction = "added" | "removed" | "updated" | "replaced";

export interface ObjectChange {
    /** `StatefulSet jarvis-staging/postgres`. */
    readonly id: string;
    readonly kind: string;
    readonly action: ObjectAction;
    /** Changed fields (updates and replacements only). */
    readonly fields: readonly DisplayedField[];
    /** Why the object cannot be updated in place (replacements only). */
    readonly replaceReasons: readonly string[];
}

export interface ResourceChange {
    /** URN without the stack. */
    readonly key: string;
    readonly type: string;
    readonly name: string;
    readonly action: "added" | "removed";
}

export interface DataAtRisk {
    /** An object id or `<type> <name>` of a Pulumi resource. */
    readonly subject: string;
    readonly action: "removed" | "replaced";
    readonly reasons: readonly string[];
}

export interface PlanDiff {
    /** Stack names of both sides (equal when one stack's plans are compared). */
    readonly stacks: { readonly before: string; readonly after: string };
    readonly dirs: { readonly before: string; readonly after: string };
    readonly dataAtRisk: readonly DataAtRisk[];
    readonly objects: readonly ObjectChange[];
    /** Pulumi resources that are not Kubernetes objects (components, providers, generated passwords). */
    readonly resources: readonly ResourceChange[];
}

function displayedField(change: FieldChange, maskedBefore: unknown, maskedAfter: unknown): DisplayedField {
    const before = change.before === undefined ? undefined : valueAt(maskedBefore, change.path);
    const after = change.after === undefined ? undefined : valueAt(maskedAfter, change.path);
    return {
        path: formatPath(change.path),
        before,
        after,
        secretChanged: before !== undefined && after !== undefined && JSON.stringify(before) === JSON.stringify(after),
    };
}

function compareObjects(before: KubernetesObject, after: KubernetesObject): { change: ObjectChange; risk?: DataAtRisk } | undefined {
    const changes = diffFields(before, after);
    if (changes.length === 0) return undefined;
    const [maskedBefore, maskedAfter] = [maskForDisplay(before), maskForDisplay(after)];
    const reasons = replacementReasons(before, after, changes);
    const id = objectId(after);
    const change: ObjectChange = {
        id,
        kind: after.kind,
        action: reasons.length > 0 ? "replaced" : "updated",
        fields: changes.map((c) => displayedField(c, maskedBefore, maskedAfter)),
        replaceReasons: reasons,
    };
    const risk = replacementRisk(before, reasons);
    return { change, risk: risk ? { subject: id, action: "replaced", reasons: risk } : undefined };
}

const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);

function diffObjects(before: LoadedPlan, after: LoadedPlan): { objects: ObjectChange[]; risks: DataAtRisk[] } {
    const objects: ObjectChange[] = [];
    const risks: DataAtRisk[] = [];
    const simple = (object: KubernetesObject, action: "added" | "removed"): ObjectChange => ({
        id: objectId(object),
        kind: object.kind,
        action,
        fields: [],
        replaceReasons: [],
    });
    for (const [key, old] of before.objects) {
        const current = after.objects.get(key);
        if (!current) {
            objects.push(simple(old, "removed"));
            const risk = removalRisk(old);
            if (risk) risks.push({ subject: objectId(old), action: "removed", reasons: [risk] });
            continue;
        }
        const compared = compareObjects(old, current);
        if (compared) objects.push(compared.change);
        if (compared?.risk) risks.push(compared.risk);
    }
    for (const [key, current] of after.objects) {
        if (!before.objects.has(key)) objects.push(simple(current, "added"));
    }
    const order: Record<ObjectAction, number> = { replaced: 0, removed: 1, updated: 2, added: 3 };
    objects.sort((a, b) => order[a.action] - order[b.action] || byId(a, b));
    return { objects, risks: risks.sort((a, b) => a.subject.localeCompare(b.subject)) };
}

/** Kubernetes objects are compared through the manifests, field by field; the graph adds everything else. */
function isKubernetesObjectResource(resource: GraphResource): boolean {
    return resource.type.startsWith("kubernetes:");
}

function diffResources(before: LoadedPlan, after: LoadedPlan): { resources: ResourceChange[]; risks: DataAtRisk[] } {
    const index = (plan: LoadedPlan) =>
        new Map(plan.graph.resources.filter((r) => !isKubernetesObjectResource(r)).map((r) => [resourceKey(r.urn), r]));
    const [old, current] = [index(before), index(after)];
    const change = (key: string, r: GraphResource, action: "added" | "removed"): ResourceChange => ({ key, type: r.type, name: r.name, action });
    const resources = [
        ...[...old].filter(([key]) => !current.has(key)).map(([key, r]) => change(key, r, "removed")),
        ...[...current].filter(([key]) => !old.has(key)).map(([key, r]) => change(key, r, "added")),
    ].sort((a, b) => a.action.localeCompare(b.action) || a.key.localeCompare(b.key));
    const risks = resources.flatMap((r): DataAtRisk[] => {
        const risk = r.action === "removed" ? resourceRemovalRisk(r.type) : undefined;
        return risk ? [{ subject: `${r.type} ${r.name}`, action: "removed", reasons: [risk] }] : [];
    });
    return { resources, risks };
}

export function diffPlans(before: LoadedPlan, after: LoadedPlan): PlanDiff {
    const objects = diffObjects(before, after);
    const resources = diffResources(before, after);
    return {
        stacks: { before: before.graph.stack, after: after.graph.stack },
        dirs: { before: before.dir, after: after.dir },
        dataAtRisk: [...objects.risks, ...resources.risks],
        objects: objects.objects,
        resources: resources.resources,
    };
}

export function hasChanges(diff: PlanDiff): boolean {
    return diff.objects.length > 0 || diff.resources.length > 0;
}
