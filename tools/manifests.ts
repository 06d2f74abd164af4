/** Kubernetes objects from a mock run's registrations, secrets masked, in the order they apply. */
import { stringify } from "yaml";
import { Registration } from "./mockRuntime";
import { maskSecrets } from "./secrets";

export interface KubernetesObject {
    apiVersion: string;
    kind: string;
    metadata: { name?: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
    [field: string]: unknown;
}

/**
 * Kinds in the order Kubernetes tooling applies them (Helm's install order): what others refer to
 * comes first. Custom resources follow the built-in kinds.
 */
const applyOrder = [
    "Namespace", "NetworkPolicy", "ResourceQuota", "LimitRange", "PodDisruptionBudget", "ServiceAccount",
    "Secret", "ConfigMap", "StorageClass", "PersistentVolume", "PersistentVolumeClaim", "CustomResourceDefinition",
    "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding", "Service", "DaemonSet", "Pod", "ReplicaSet",
    "Deployment", "HorizontalPodAutoscaler", "StatefulSet", "Job", "CronJob", "IngressClass", "Ingress",
];

function rank(kind: string): number {
    const index = applyOrder.indexOf(kind);
    return index === -1 ? applyOrder.length : index;
}

/** Helm releases are chart installs the provider renders at deploy time, not manifests: they show in the graph only. */
function isHelmRelease(registration: Registration): boolean {
    return registration.type.startsWith("kubernetes:helm.sh/");
}

export function isKubernetesObject(registration: Registration): boolean {
    return (
        registration.custom &&
        registration.type.startsWith("kubernetes:") &&
        !registration.type.startsWith("pulumi:providers:") &&
        !isHelmRelease(registration)
    );
}

/** Every Kubernetes object registered, secrets masked, sorted for applying. */
export function kubernetesObjects(registrations: readonly Registration[]): KubernetesObject[] {
    return registrations
        .filter(isKubernetesObject)
        .map((r, index) => ({ object: maskSecrets(r.inputs) as KubernetesObject, index }))
        .sort((a, b) => rank(a.object.kind) - rank(b.object.kind) || a.index - b.index)
        .map(({ object }) => object);
}

/** `Kind namespace/name`, the way errors and reports name an object. */
export function objectId(object: KubernetesObject): string {
    const ns = object.metadata?.namespace ? `${object.metadata.namespace}/` : "";
    return `${object.kind} ${ns}${object.metadata?.name ?? "(unnamed)"}`;
}

/** Multi-document YAML. */
export function toYaml(objects: readonly KubernetesObject[]): string {
    return objects.map((o) => stringify(o, { lineWidth: 0 })).join("---\n");
}
