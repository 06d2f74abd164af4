/** The plan's short summary: resources by kind and tier, and the startup critical path. */
import { criticalPath, sequentialStartupSeconds } from "../catalog/startup";
import { ServiceId } from "../catalog/types";
import { Graph, serviceDependencies } from "./graph";
import { KubernetesObject } from "./manifests";

function countBy<T>(items: readonly T[], key: (item: T) => string): [string, number][] {
    const counts = new Map<string, number>();
    for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
    return [...counts].sort(([a], [b]) => a.localeCompare(b));
}

function table(title: string, rows: [string, number][]): string {
    const width = Math.max(...rows.map(([k]) => k.length), 4);
    return [`${title}:`, ...rows.map(([k, n]) => `  ${k.padEnd(width)}  ${n}`)].join("\n");
}

export function summarize(graph: Graph, objects: readonly KubernetesObject[]): string {
    const deployed = [...new Set(objects.map((o) => o.metadata?.labels?.["jarvis.io/service"]).filter((s): s is string => !!s))];
    const dependencies = serviceDependencies(graph);
    const path = criticalPath(deployed as ServiceId[], (id) => dependencies.get(id) ?? []);
    const sequential = sequentialStartupSeconds(deployed as ServiceId[]);
    return [
        `stack ${graph.stack}: ${graph.resources.length} resources, ${objects.length} Kubernetes objects`,
        table("Kubernetes objects by kind", countBy(objects, (o) => o.kind)),
        table("Kubernetes objects by tier", countBy(objects, (o) => o.metadata?.labels?.["jarvis.io/tier"] ?? "(namespace-wide)")),
        table("Pulumi resources by type", countBy(graph.resources, (r) => r.type)),
        `startup critical path: ${path.chain.join(" -> ")} = ${path.seconds} s of readiness waits ` +
            `(the runbook's sequential startup: ${sequential} s)`,
    ].join("\n");
}
