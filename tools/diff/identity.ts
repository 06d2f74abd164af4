/**
 * How the diff recognises "the same thing" in two plans: a Kubernetes object by
 * apiVersion/kind/namespace/name, a Pulumi resource by its URN without the stack.
 */
import { KubernetesObject } from "../manifests";

/** `apps/v1/StatefulSet/jarvis-staging/postgres`: what the API server itself keys objects by. */
export function objectKey(object: KubernetesObject): string {
    return [object.apiVersion, object.kind, object.metadata.namespace ?? "", object.metadata.name ?? ""].join("/");
}

/**
 * A URN without its stack (`urn:pulumi:<stack>::<project>::<type chain>::<name>`), so two stacks'
 * plans (staging against production) are comparable as well as two versions of one stack.
 */
export function resourceKey(urn: string): string {
    const parts = urn.split("::");
    return parts.length >= 2 ? parts.slice(1).join("::") : urn;
}
