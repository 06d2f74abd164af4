/**
 * Which removals and replacements lose data: StatefulSets (their pods and claims), claims,
 * Secrets holding credentials, Namespaces (everything in them) and generated passwords. A reviewer
 * must see these before anything else in a diff.
 */
import { KubernetesObject } from "../manifests";
import { valueAt } from "./fieldDiff";
import { containsMask } from "./masking";

/** Secrets that hold credentials rather than, say, a public CA bundle. */
export function holdsCredentials(object: KubernetesObject): boolean {
    if (object.kind !== "Secret") return false;
    const type = object.type ?? "Opaque";
    return type === "Opaque" || containsMask(object.data) || containsMask(object.stringData);
}

function claimsNote(statefulSet: KubernetesObject): string {
    const templates = valueAt(statefulSet, ["spec", "volumeClaimTemplates"]);
    if (!Array.isArray(templates) || templates.length === 0) return "";
    return valueAt(statefulSet, ["spec", "persistentVolumeClaimRetentionPolicy", "whenDeleted"]) === "Retain"
        ? " (its claims are retained, whenDeleted: Retain, but the service is down until the new StatefulSet is ready)"
        : " (its claims are deleted with it: whenDeleted is not Retain)";
}

/** Why removing this object puts data at risk; undefined when it holds none. */
export function removalRisk(object: KubernetesObject): string | undefined {
    switch (object.kind) {
        case "StatefulSet":
            return `StatefulSet deleted: its pods stop${claimsNote(object)}`;
        case "PersistentVolumeClaim":
            return "PersistentVolumeClaim deleted: its volume is released and, under a Delete reclaim policy, erased";
        case "Namespace":
            return "Namespace deleted: Kubernetes deletes every object in it, claims and Secrets included";
        case "Secret":
            return holdsCredentials(object)
                ? "credentials Secret deleted: pods reading it cannot start, and new credentials would not open existing data"
                : undefined;
        default:
            return undefined;
    }
}

/** Why replacing this object puts data at risk, given why it is replaced; undefined when it holds none. */
export function replacementRisk(object: KubernetesObject, reasons: readonly string[]): string[] | undefined {
    if (reasons.length === 0) return undefined;
    switch (object.kind) {
        case "StatefulSet":
            return [...reasons, `the StatefulSet is deleted then created: its pods stop${claimsNote(object)}`];
        case "PersistentVolumeClaim":
        case "Namespace":
            return [...reasons];
        case "Secret":
            return holdsCredentials(object) ? [...reasons] : undefined;
        default:
            return undefined;
    }
}

/** Pulumi resources (not Kubernetes objects) whose deletion loses data. */
export function resourceRemovalRisk(type: string): string | undefined {
    return type.startsWith("random:index/randomPassword:") || type.startsWith("random:index/randomString:")
        ? "generated credential deleted: a new value would not match what the data stores were initialised with"
        : undefined;
}
