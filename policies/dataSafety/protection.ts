/**
 * In production, what holds data cannot be deleted by accident: StatefulSets with volume claims,
 * PersistentVolumeClaims, PersistentVolumes and the Namespace (deleting it deletes its claims)
 * carry Pulumi's `protect` option. Plain manifests carry no protect flag, so offline audits of
 * manifests judge what a manifest can show instead: claims retained when a StatefulSet is deleted
 * (`persistentVolumeClaimRetentionPolicy.whenDeleted: Retain`, the default) and volumes retained
 * when released (`persistentVolumeReclaimPolicy: Retain`).
 */
import { EnvironmentConfig, environmentDefaults, environmentSchema, isProduction } from "../lib/config";
import { persistentClaims } from "../lib/kubernetes";
import { resourcePolicy } from "../lib/policy";
import { asString, at, isUnknown } from "../lib/values";
import { ResourceView } from "../lib/view";

function holdsData(view: ResourceView): boolean {
    if (view.kind === "StatefulSet") return persistentClaims(view).length > 0;
    return ["PersistentVolumeClaim", "PersistentVolume", "Namespace"].includes(view.kind);
}

/** What a manifest shows about deletion, without a protect flag. */
function manifestProblem(view: ResourceView): string | undefined {
    const note = "(offline manifests carry no protect flag; judged from the spec)";
    if (view.kind === "StatefulSet") {
        const whenDeleted = at(view.props, "spec", "persistentVolumeClaimRetentionPolicy", "whenDeleted");
        if (!isUnknown(whenDeleted) && whenDeleted !== undefined && whenDeleted !== "Retain") {
            return `deletes its volume claims when deleted (persistentVolumeClaimRetentionPolicy.whenDeleted: ${asString(whenDeleted) ?? "?"}) ${note}`;
        }
    }
    if (view.kind === "PersistentVolume") {
        const reclaim = at(view.props, "spec", "persistentVolumeReclaimPolicy");
        if (!isUnknown(reclaim) && reclaim !== "Retain") {
            return `is deleted with its claim (persistentVolumeReclaimPolicy: ${asString(reclaim) ?? "unset, Delete for dynamic volumes"}) ${note}`;
        }
    }
    return undefined;
}

export const dataProtectedFromDeletion = resourcePolicy<EnvironmentConfig>({
    name: "data-protected-from-deletion",
    description:
        "In production, stateful resources (StatefulSets with volumes, volume claims, volumes, the namespace) are protected from deletion; offline, manifests must at least retain volumes when their owner is deleted.",
    enforcementLevel: "mandatory",
    kinds: ["StatefulSet", "PersistentVolumeClaim", "PersistentVolume", "Namespace"],
    config: { schema: environmentSchema, defaults: environmentDefaults },
    remediationSteps: "Register the resource with { protect: true } in production (and keep persistentVolumeClaimRetentionPolicy.whenDeleted: Retain).",
    check: (view, context, config) => {
        if (!holdsData(view) || !isProduction(view, context, config)) return [];
        if (context.source === "manifests") {
            const problem = manifestProblem(view);
            return problem === undefined ? [] : [problem];
        }
        return view.protect ? [] : ["holds production data but is not protected from deletion (Pulumi protect option)"];
    },
});
