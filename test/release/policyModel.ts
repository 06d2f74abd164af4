/**
 * A small model of Kubernetes NetworkPolicy semantics, to ask rendered policies "may this pod reach
 * that pod on this port?": a connection needs the source's egress and the destination's ingress;
 * a pod selected by no policy of a direction is open in that direction.
 */
import { KubernetesObject } from "../../tools/manifests";

export interface Pod {
    readonly name: string;
    readonly namespace: string;
    readonly labels: Record<string, string>;
}

interface Selector {
    matchLabels?: Record<string, string>;
}
interface Peer {
    podSelector?: Selector;
    namespaceSelector?: Selector;
}
interface Port {
    port?: number;
    protocol?: string;
}
interface Rule {
    from?: Peer[];
    to?: Peer[];
    ports?: Port[];
}
interface PolicySpec {
    podSelector: Selector;
    policyTypes?: string[];
    ingress?: Rule[];
    egress?: Rule[];
}
interface Policy {
    readonly namespace: string;
    readonly spec: PolicySpec;
}

export type Protocol = "TCP" | "UDP";

function selects(selector: Selector | undefined, labels: Record<string, string>): boolean {
    return Object.entries(selector?.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
}

function peerMatches(peer: Peer, policyNamespace: string, pod: Pod): boolean {
    if (peer.namespaceSelector) {
        // Kubernetes labels every namespace with its own name.
        return selects(peer.namespaceSelector, { "kubernetes.io/metadata.name": pod.namespace }) && selects(peer.podSelector, pod.labels);
    }
    return pod.namespace === policyNamespace && selects(peer.podSelector, pod.labels);
}

function portMatches(ports: Port[] | undefined, port: number, protocol: Protocol): boolean {
    return !ports || ports.some((p) => (p.port === undefined || p.port === port) && (p.protocol ?? "TCP") === protocol);
}

export function policiesOf(objects: readonly KubernetesObject[]): Policy[] {
    return objects
        .filter((o) => o.kind === "NetworkPolicy")
        .map((o) => ({ namespace: o.metadata.namespace ?? "", spec: (o as unknown as { spec: PolicySpec }).spec }));
}

function admitted(policies: Policy[], subject: Pod, direction: "Ingress" | "Egress", peer: Pod, port: number, protocol: Protocol): boolean {
    const applying = policies.filter((p) => p.namespace === subject.namespace && selects(p.spec.podSelector, subject.labels) && (p.spec.policyTypes ?? []).includes(direction));
    if (applying.length === 0) return true;
    return applying.some((p) =>
        (direction === "Ingress" ? (p.spec.ingress ?? []) : (p.spec.egress ?? [])).some((rule) => {
            const peers = direction === "Ingress" ? rule.from : rule.to;
            return (!peers || peers.some((candidate) => peerMatches(candidate, p.namespace, peer))) && portMatches(rule.ports, port, protocol);
        }),
    );
}

/** Whether `from` may open a connection to `to` on the port. */
export function allows(policies: Policy[], from: Pod, to: Pod, port: number, protocol: Protocol = "TCP"): boolean {
    return admitted(policies, from, "Egress", to, port, protocol) && admitted(policies, to, "Ingress", from, port, protocol);
}

/** Pods of a rendered workload (Deployment, StatefulSet or Job), by the labels of its pod template. */
export function podOf(objects: readonly KubernetesObject[], kind: string, name: string | RegExp): Pod {
    const found = objects.find((o) => o.kind === kind && (typeof name === "string" ? o.metadata.name === name : name.test(o.metadata.name ?? "")));
    if (!found) throw new Error(`no ${kind} ${String(name)}`);
    const template = (found as unknown as { spec: { template: { metadata: { labels: Record<string, string> } } } }).spec.template;
    return { name: found.metadata.name ?? "", namespace: found.metadata.namespace ?? "", labels: template.metadata.labels };
}
