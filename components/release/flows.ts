/**
 * The network flows the platform needs, derived from the catalog and the configuration: who talks
 * to whom, on which port, and why. The NetworkPolicies admit these flows and nothing else.
 *
 * - each service to the services it depends on (catalog `dependsOn`), on their port;
 * - the ingress controller to the exposed services;
 * - Prometheus to each service's metrics port (catalog `metrics`);
 * - backup jobs to their store (every stateful service), migration jobs to the database they
 *   migrate, health gates to the service they check;
 * - the pods of a replicated database to one another (hot standbys clone and stream from the primary).
 * DNS is admitted to every pod by a policy of its own.
 */
import { catalog } from "../../catalog/services";
import { ServiceId } from "../../catalog/types";
import { Peer } from "../../config/sections/release";
import { definitions, PlatformServiceId } from "../definitions";
import { JobRole } from "../kubernetes/labels";

/** Pods of the namespace, or outside it. */
export type PodGroup =
    | { readonly kind: "service"; readonly id: PlatformServiceId }
    | { readonly kind: "job"; readonly role: JobRole; readonly service: ServiceId }
    | { readonly kind: "external"; readonly name: string; readonly peer: Peer };

export interface PortSpec {
    readonly port: number;
    readonly protocol: "TCP" | "UDP";
}

export interface Flow {
    readonly from: PodGroup;
    readonly to: PodGroup;
    readonly ports: readonly PortSpec[];
    /** Why the flow exists, for readers of the policy. */
    readonly reason: string;
}

export interface FlowInputs {
    /** Services reached from outside through the ingress controller. */
    readonly exposed: readonly PlatformServiceId[];
    /** Services checked by a health gate before a switch (blue/green). */
    readonly gated: readonly PlatformServiceId[];
    /** Services migrated by a Job, and the database each migration reaches. */
    readonly migrations: readonly { readonly service: PlatformServiceId; readonly database: PlatformServiceId }[];
    /**
     * Databases running hot standbys. Any of their pods may be the primary (after a failover), so the
     * pods reach one another rather than only the current primary.
     */
    readonly replicated: readonly PlatformServiceId[];
    readonly ingressController: Peer;
    readonly prometheus: Peer;
}

const tcp = (port: number): PortSpec[] => [{ port, protocol: "TCP" }];
const service = (id: PlatformServiceId): PodGroup => ({ kind: "service", id });

/** Platform services, in catalog order. */
export function platformServiceIds(): PlatformServiceId[] {
    return Object.keys(definitions) as PlatformServiceId[];
}

function isPlatformService(id: ServiceId): id is PlatformServiceId {
    return (platformServiceIds() as ServiceId[]).includes(id);
}

export function platformFlows(inputs: FlowInputs): Flow[] {
    const ids = platformServiceIds();
    const ingressController: PodGroup = { kind: "external", name: "ingress-controller", peer: inputs.ingressController };
    const prometheus: PodGroup = { kind: "external", name: "prometheus", peer: inputs.prometheus };
    return [
        ...ids.flatMap((id) =>
            catalog[id].dependsOn.filter(isPlatformService).map((dep) => ({
                from: service(id),
                to: service(dep),
                ports: tcp(catalog[dep].port),
                reason: `${id} depends on ${dep}`,
            })),
        ),
        ...inputs.exposed.map((id) => ({ from: ingressController, to: service(id), ports: tcp(catalog[id].port), reason: `${id} is exposed by the ingress` })),
        ...ids.flatMap((id) => {
            const metrics = catalog[id].metrics;
            return metrics ? [{ from: prometheus, to: service(id), ports: tcp(metrics.port), reason: `Prometheus scrapes ${id}` }] : [];
        }),
        ...ids
            .filter((id) => catalog[id].stateful)
            .map((store) => ({
                from: { kind: "job", role: "backup", service: store } as const,
                to: service(store),
                ports: tcp(catalog[store].port),
                reason: `backup jobs of ${store}`,
            })),
        ...inputs.migrations.map(({ service: migrated, database }) => ({
            from: { kind: "job", role: "migration", service: migrated } as const,
            to: service(database),
            ports: tcp(catalog[database].port),
            reason: `${migrated}'s migration backs up and migrates ${database}`,
        })),
        ...inputs.replicated.map((id) => ({
            from: service(id),
            to: service(id),
            ports: tcp(catalog[id].port),
            reason: `standbys of ${id} clone and stream from its primary`,
        })),
        ...inputs.gated.map((id) => ({
            from: { kind: "job", role: "health-gate", service: id } as const,
            to: service(id),
            ports: tcp(catalog[id].port),
            reason: `health gate of ${id}`,
        })),
    ];
}
