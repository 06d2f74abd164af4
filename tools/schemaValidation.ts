/**
 * Validates rendered objects against the Kubernetes OpenAPI schemas (`kubernetes-models`) and, for
 * custom resources, the schemas of their operators (`@kubernetes-models/*`).
 */
import { KubernetesObject, objectId } from "./manifests";

/** API groups of custom resources, and the package holding their schemas. */
const customResourcePackages: Record<string, string> = {
    "monitoring.coreos.com": "@kubernetes-models/prometheus-operator",
    "cert-manager.io": "@kubernetes-models/cert-manager",
    "acme.cert-manager.io": "@kubernetes-models/cert-manager",
};

interface Model {
    validate(): void;
}
type ModelClass = new (data: KubernetesObject) => Model;

async function modelClass(apiVersion: string, kind: string): Promise<ModelClass | undefined> {
    const group = apiVersion.includes("/") ? apiVersion.split("/")[0] : "";
    const pkg = customResourcePackages[group] ?? "kubernetes-models";
    try {
        const module = (await import(`${pkg}/${apiVersion}/${kind}`)) as Record<string, ModelClass>;
        return module[kind];
    } catch {
        return undefined;
    }
}

/** Problems of one object: empty when valid. */
export async function validateObject(object: KubernetesObject): Promise<string[]> {
    const Model = await modelClass(object.apiVersion, object.kind);
    if (!Model) return [`${objectId(object)}: no schema known for ${object.apiVersion} ${object.kind}`];
    try {
        new Model(object).validate();
        return [];
    } catch (error) {
        // Messages name the field: "data/spec/replicas must be integer".
        const detail = (error as Error).message.replace(/\bdata\//g, "").replace(/\//g, ".");
        return [`${objectId(object)}: ${detail}`];
    }
}

/** Problems of every object. */
export async function validateObjects(objects: readonly KubernetesObject[]): Promise<string[]> {
    return (await Promise.all(objects.map(validateObject))).flat();
}
