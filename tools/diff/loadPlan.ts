/**
 * Reads an offline plan folder (`out/<stack>`, written by `npm run plan`): its Kubernetes objects
 * from `manifests.yaml` and its resource graph from `graph.json`.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseAllDocuments } from "yaml";
import { Graph, GraphResource } from "../graph";
import { KubernetesObject, objectId } from "../manifests";
import { objectKey } from "./identity";

export interface LoadedPlan {
    /** The folder the plan was read from, as given. */
    readonly dir: string;
    readonly graph: Graph;
    /** Kubernetes objects by identity (apiVersion/kind/namespace/name). */
    readonly objects: ReadonlyMap<string, KubernetesObject>;
}

/** A plan folder that cannot be read: the diff cannot say anything, which is not "no change". */
export class PlanLoadError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "PlanLoadError";
    }
}

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isKubernetesObject(value: unknown): value is KubernetesObject {
    return isRecord(value) && typeof value.apiVersion === "string" && typeof value.kind === "string" && isRecord(value.metadata);
}

function isGraphResource(value: unknown): value is GraphResource {
    return (
        isRecord(value) &&
        typeof value.urn === "string" &&
        typeof value.type === "string" &&
        typeof value.name === "string" &&
        Array.isArray(value.dependsOn)
    );
}

function readFile(file: string): string {
    if (!fs.existsSync(file)) throw new PlanLoadError(`${file} not found (write it with: npm run plan -- <stack>)`);
    return fs.readFileSync(file, "utf8");
}

/** Parses multi-document YAML into objects keyed by identity; refuses anything that is not an object. */
export function parseManifests(text: string, source: string): Map<string, KubernetesObject> {
    const objects = new Map<string, KubernetesObject>();
    parseAllDocuments(text).forEach((document, index) => {
        if (document.errors.length > 0) {
            throw new PlanLoadError(`${source}: document ${index + 1}: ${document.errors[0].message}`);
        }
        const value: unknown = document.toJS();
        if (value === null || value === undefined) return;
        if (!isKubernetesObject(value)) {
            throw new PlanLoadError(`${source}: document ${index + 1} is not a Kubernetes object (apiVersion, kind, metadata)`);
        }
        const key = objectKey(value);
        // Two objects with one identity cannot both exist in a cluster: the plan itself is wrong.
        if (objects.has(key)) throw new PlanLoadError(`${source}: ${objectId(value)} appears twice`);
        objects.set(key, value);
    });
    return objects;
}

export function parseGraph(text: string, source: string): Graph {
    let value: unknown;
    try {
        value = JSON.parse(text);
    } catch (error) {
        throw new PlanLoadError(`${source}: ${(error as Error).message}`);
    }
    if (!isRecord(value) || typeof value.stack !== "string" || !Array.isArray(value.resources) || !value.resources.every(isGraphResource)) {
        throw new PlanLoadError(`${source}: not a plan graph ({ stack, resources: [{ urn, type, name, parent, dependsOn }] })`);
    }
    return { stack: value.stack, resources: value.resources };
}

/** Loads `<dir>/manifests.yaml` and `<dir>/graph.json`. */
export function loadPlan(dir: string): LoadedPlan {
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
        throw new PlanLoadError(`${dir} is not a plan folder (write one with: npm run plan -- <stack>)`);
    }
    const manifests = path.join(dir, "manifests.yaml");
    const graph = path.join(dir, "graph.json");
    return {
        dir,
        objects: parseManifests(readFile(manifests), manifests),
        graph: parseGraph(readFile(graph), graph),
    };
}
