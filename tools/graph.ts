/** The resource graph of a mock run (`graph.json`) and the service-level ordering it implies. */
import { catalog } from "../catalog/services";
import { ServiceId, serviceIds } from "../catalog/types";
import { Registration } from "./mockRuntime";

export interface GraphResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly parent: string | null;
    readonly dependsOn: string[];
}

export interface Graph {
    readonly stack: string;
    readonly resources: GraphResource[];
}

export function buildGraph(stack: string, registrations: readonly Registration[]): Graph {
    return {
        stack,
        resources: registrations.map((r) => ({
            urn: r.urn,
            type: r.type,
            name: r.name,
            parent: r.parent ?? null,
            dependsOn: r.dependsOn,
        })),
    };
}

/** The catalog service a resource belongs to: its nearest ancestor component named after a service. */
function serviceOf(urn: string, byUrn: Map<string, GraphResource>): ServiceId | undefined {
    for (let current = byUrn.get(urn); current; current = current.parent ? byUrn.get(current.parent) : undefined) {
        if (current.type.startsWith("jarvis:") && (serviceIds as readonly string[]).includes(current.name)) {
            return current.name as ServiceId;
        }
    }
    return undefined;
}

/**
 * Which services each service waits for, read from the registered dependencies (not from the
 * catalog): this is the ordering `pulumi up` will really follow.
 */
export function serviceDependencies(graph: Graph): Map<ServiceId, ServiceId[]> {
    const byUrn = new Map(graph.resources.map((r) => [r.urn, r]));
    const edges = new Map<ServiceId, Set<ServiceId>>();
    for (const resource of graph.resources) {
        const from = serviceOf(resource.urn, byUrn);
        if (!from) continue;
        for (const dep of resource.dependsOn) {
            const to = serviceOf(dep, byUrn);
            if (to && to !== from && catalog[to]) {
                edges.set(from, new Set([...(edges.get(from) ?? []), to]));
            }
        }
    }
    return new Map([...edges].map(([k, v]) => [k, [...v].sort()]));
}
