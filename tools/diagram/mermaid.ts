/**
 * The service-level startup dependencies of a rendered plan as a Mermaid flowchart: one node per
 * deployed service with its readiness wait, an arrow from each dependency to what waits for it, and
 * the critical path (the longest chain of waits) drawn bold.
 */
import { catalog } from "../../catalog/services";
import { criticalPath, sequentialStartupSeconds } from "../../catalog/startup";
import { ServiceId, serviceIds } from "../../catalog/types";
import { Graph, serviceDependencies } from "../graph";

/** Services the plan deploys: the components named after a catalog service, in catalog order. */
export function deployedServices(graph: Graph): ServiceId[] {
    const names = new Set(graph.resources.filter((r) => r.type.startsWith("jarvis:")).map((r) => r.name));
    return serviceIds.filter((id) => names.has(id));
}

function node(id: ServiceId, critical: boolean): string {
    const entry = catalog[id];
    const wait = entry.readinessWaitSeconds === undefined ? "no wait" : `ready wait ${entry.readinessWaitSeconds} s`;
    return `    ${id}["${entry.displayName}<br/>tier ${entry.tier}, ${wait}"]${critical ? ":::critical" : ""}`;
}

/** The flowchart and the sentence under it that names the critical path. */
export function dependencyDiagram(graph: Graph): string {
    const services = deployedServices(graph);
    const dependencies = serviceDependencies(graph);
    const dependenciesOf = (id: ServiceId) => (dependencies.get(id) ?? []).filter((d) => services.includes(d));
    const path = criticalPath(services, dependenciesOf);
    const onPath = (from: ServiceId, to: ServiceId) => {
        const i = path.chain.indexOf(from);
        return i !== -1 && path.chain[i + 1] === to;
    };
    const edges = services.flatMap((to) =>
        [...dependenciesOf(to)]
            .sort((a, b) => services.indexOf(a) - services.indexOf(b))
            // Thick arrows (==>) mark the critical path; Mermaid has no per-edge class.
            .map((from) => `    ${from} ${onPath(from, to) ? "==>" : "-->"} ${to}`),
    );
    return [
        "```mermaid",
        "flowchart LR",
        ...services.map((id) => node(id, path.chain.includes(id))),
        ...edges,
        "    classDef critical stroke:#d62728,stroke-width:3px",
        "```",
        "",
        `Critical path (bold): ${path.chain.join(" → ")} = ${path.seconds} s of readiness waits ` +
            `(the runbook's sequential startup waits ${sequentialStartupSeconds(services)} s). ` +
            "Services without an arrow between them start in parallel.",
    ].join("\n");
}
