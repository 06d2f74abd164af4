/**
 * Changes Kubernetes cannot apply in place. The API server rejects an update of an immutable field,
 * so Pulumi's Kubernetes provider deletes the object and creates it again ("replace"). A rename
 * (`metadata.name` or namespace) is a different object altogether: the diff shows it as one object
 * removed and one added.
 */
import { KubernetesObject } from "../manifests";
import { FieldChange, FieldPath, formatPath, isUnder, valueAt } from "./fieldDiff";
import { parseQuantity } from "./quantity";

/** Why a change forces a replacement; empty when the change applies in place. */
type Rule = (changes: readonly FieldChange[], before: KubernetesObject, after: KubernetesObject) => string[];

function immutable(path: FieldPath, why: string): Rule {
    return (changes) => (changes.some((c) => isUnder(c.path, path)) ? [`${formatPath(path)} changed: ${why}`] : []);
}

const storagePath = ["spec", "resources", "requests", "storage"] as const;

/** Claim templates are fixed at creation; a new size is the most common way to hit this. */
const volumeClaimTemplates: Rule = (changes, before, after) => {
    const templates = ["spec", "volumeClaimTemplates"];
    const touched = changes.filter((c) => isUnder(c.path, templates));
    if (touched.length === 0) return [];
    const isSize = (c: FieldChange) =>
        typeof c.path[2] === "number" && c.path.length === 3 + storagePath.length && isUnder(c.path.slice(3), storagePath);
    const reasons = touched.filter(isSize).map((c) => {
        const index = c.path[2];
        const name = valueAt(after, [...templates, index, "metadata", "name"]) ?? valueAt(before, [...templates, index, "metadata", "name"]);
        return (
            `storage size of a volumeClaimTemplate changed (${String(name)}: ${String(c.before)} -> ${String(c.after)}): ` +
            "Kubernetes refuses it in place, the StatefulSet must be recreated"
        );
    });
    if (touched.some((c) => !isSize(c))) reasons.push("volumeClaimTemplates changed: StatefulSet is replaced");
    return reasons;
};

/** ExternalName Services have no cluster IP; switching to or from that type allocates or drops one. */
const externalName: Rule = (_changes, before, after) => {
    const type = (object: KubernetesObject) => valueAt(object, ["spec", "type"]) ?? "ClusterIP";
    const [from, to] = [type(before), type(after)];
    return from !== to && (from === "ExternalName" || to === "ExternalName")
        ? [`spec.type changed from ${String(from)} to ${String(to)}: the Service is replaced`]
        : [];
};

/** A claim may grow (when its storage class allows expansion) but never shrink. */
const claimShrink: Rule = (_changes, before, after) => {
    const [from, to] = [valueAt(before, storagePath), valueAt(after, storagePath)];
    const [a, b] = [parseQuantity(from), parseQuantity(to)];
    return a !== undefined && b !== undefined && b < a
        ? [`storage request shrank (${String(from)} -> ${String(to)}): a claim cannot shrink, it is replaced`]
        : [];
};

/** `immutable: true` ConfigMaps and Secrets reject any change of their contents. */
const immutableContents: Rule = (changes, before) =>
    valueAt(before, ["immutable"]) === true && changes.some((c) => ["data", "stringData", "binaryData"].includes(String(c.path[0])))
        ? ["contents changed while immutable: true: the object is replaced"]
        : [];

const selector = (kind: string) => immutable(["spec", "selector"], `a ${kind}'s selector is immutable, the ${kind} is replaced`);

const rules: Readonly<Record<string, readonly Rule[]>> = {
    StatefulSet: [
        selector("StatefulSet"),
        immutable(["spec", "serviceName"], "immutable, the StatefulSet is replaced"),
        immutable(["spec", "podManagementPolicy"], "immutable, the StatefulSet is replaced"),
        volumeClaimTemplates,
    ],
    Deployment: [selector("Deployment")],
    ReplicaSet: [selector("ReplicaSet")],
    DaemonSet: [selector("DaemonSet")],
    Job: [selector("Job"), immutable(["spec", "template"], "a Job's pod template is immutable, the Job is replaced")],
    Service: [immutable(["spec", "clusterIP"], "a Service's cluster IP is immutable, the Service is replaced"), externalName],
    PersistentVolumeClaim: [
        immutable(["spec", "storageClassName"], "immutable, the claim (and its volume) is replaced"),
        immutable(["spec", "accessModes"], "immutable, the claim (and its volume) is replaced"),
        immutable(["spec", "volumeName"], "immutable, the claim is replaced"),
        immutable(["spec", "volumeMode"], "immutable, the claim is replaced"),
        immutable(["spec", "selector"], "immutable, the claim is replaced"),
        claimShrink,
    ],
    Secret: [immutable(["type"], "a Secret's type is immutable, the Secret is replaced"), immutableContents],
    ConfigMap: [immutableContents],
};

/** Why the object must be replaced rather than updated; empty for an in-place update. */
export function replacementReasons(before: KubernetesObject, after: KubernetesObject, changes: readonly FieldChange[]): string[] {
    return (rules[after.kind] ?? []).flatMap((rule) => rule(changes, before, after));
}
