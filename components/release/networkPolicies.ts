/**
 * NetworkPolicies of the namespace: everything is denied (ingress and egress), then each group of
 * pods gets one policy admitting exactly its flows (`flows.ts`), and every pod may query the cluster
 * DNS. With `isolate` (the runbook's emergency network isolation) only the deny-all policy remains:
 * nothing goes in or out of any pod, DNS included.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { catalog } from "../../catalog/services";
import { Peer } from "../../config/sections/release";
import { jobPodLabels, platformLabels, selectorLabels, serviceLabels } from "../kubernetes/labels";
import { Flow, FlowInputs, platformFlows, PodGroup } from "./flows";

/** Plain (not `Input`) shapes of what is rendered, so that policies can be read and compared as data. */
interface LabelSelector {
    readonly matchLabels?: Record<string, string>;
}
interface PolicyPeer {
    readonly podSelector?: LabelSelector;
    readonly namespaceSelector?: LabelSelector;
}
interface PolicyPort {
    readonly port: number;
    readonly protocol: "TCP" | "UDP";
}
interface PolicySpec {
    readonly podSelector: LabelSelector;
    readonly policyTypes: ("Ingress" | "Egress")[];
    readonly ingress?: { readonly from: PolicyPeer[]; readonly ports: PolicyPort[] }[];
    readonly egress?: { readonly to: PolicyPeer[]; readonly ports: PolicyPort[] }[];
}

/** A rendered policy, before it becomes a resource. */
export interface PolicyDocument {
    readonly name: string;
    readonly labels: Record<string, string>;
    readonly spec: PolicySpec;
}

export const denyAllPolicyName = "default-deny-all";
export const dnsPolicyName = "allow-dns";

function peerOf(group: PodGroup): PolicyPeer {
    switch (group.kind) {
        case "service":
            return { podSelector: { matchLabels: selectorLabels(catalog[group.id]) } };
        case "job":
            return { podSelector: { matchLabels: jobPodLabels(group.role, group.service) } };
        case "external":
            return externalPeer(group.peer);
    }
}

/** Pods of another namespace, by the namespace's name label (set by Kubernetes itself) and pod labels. */
function externalPeer(peer: Peer): PolicyPeer {
    return {
        namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": peer.namespace } },
        podSelector: { matchLabels: { ...peer.podLabels } },
    };
}

function sameGroup(a: PodGroup, b: PodGroup): boolean {
    return JSON.stringify(a) === JSON.stringify(b);
}

/** Name and labels of the policy of an in-namespace group. */
function subjectOf(group: PodGroup, environment: string): { name: string; labels: Record<string, string> } | undefined {
    switch (group.kind) {
        case "service":
            return { name: `allow-${group.id}`, labels: serviceLabels(catalog[group.id], environment) };
        case "job":
            return {
                name: `allow-${group.service}-${group.role}`,
                labels: serviceLabels(catalog[group.service], environment, { component: `${group.service}-${group.role}` }),
            };
        case "external":
            return undefined;
    }
}

const ports = (flow: Flow): PolicyPort[] => flow.ports.map((p) => ({ port: p.port, protocol: p.protocol }));

/** One policy per in-namespace group: ingress from the flows ending there, egress for the flows leaving. */
export function flowPolicies(flows: readonly Flow[], environment: string): PolicyDocument[] {
    const subjects: PodGroup[] = [];
    for (const group of flows.flatMap((f) => [f.from, f.to])) {
        if (group.kind !== "external" && !subjects.some((s) => sameGroup(s, group))) subjects.push(group);
    }
    return subjects.flatMap((subject) => {
        const named = subjectOf(subject, environment);
        if (!named) return [];
        const ingress = flows.filter((f) => sameGroup(f.to, subject)).map((f) => ({ from: [peerOf(f.from)], ports: ports(f) }));
        const egress = flows.filter((f) => sameGroup(f.from, subject)).map((f) => ({ to: [peerOf(f.to)], ports: ports(f) }));
        const podSelector = peerOf(subject).podSelector ?? {};
        return [
            {
                ...named,
                spec: {
                    podSelector,
                    policyTypes: [...(ingress.length ? ["Ingress" as const] : []), ...(egress.length ? ["Egress" as const] : [])],
                    ...(ingress.length ? { ingress } : {}),
                    ...(egress.length ? { egress } : {}),
                },
            },
        ];
    });
}

export interface NetworkPoliciesArgs {
    /** The flows to admit. */
    readonly flows: FlowInputs;
    /** The cluster DNS pods. */
    readonly dns: Peer;
    /** Emergency isolation: deny everything, admit nothing. */
    readonly isolate: boolean;
    /** Namespace the policies guard. */
    readonly namespace: pulumi.Input<string>;
    /** Environment name, written as a label. */
    readonly environment: string;
}

/** Every policy of the namespace, in the order they are created. */
export function policyDocuments(args: Omit<NetworkPoliciesArgs, "namespace">): PolicyDocument[] {
    const labels = platformLabels("jarvis-network", args.environment);
    // An empty pod selector selects every pod of the namespace; no rules means nothing is admitted.
    const denyAll: PolicyDocument = { name: denyAllPolicyName, labels, spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] } };
    if (args.isolate) return [denyAll];
    const dns: PolicyDocument = {
        name: dnsPolicyName,
        labels,
        spec: {
            podSelector: {},
            policyTypes: ["Egress"],
            egress: [
                {
                    to: [externalPeer(args.dns)],
                    ports: [
                        { port: 53, protocol: "UDP" },
                        { port: 53, protocol: "TCP" },
                    ],
                },
            ],
        },
    };
    return [denyAll, dns, ...flowPolicies(platformFlows(args.flows), args.environment)];
}

export class NetworkPolicies extends pulumi.ComponentResource {
    readonly policies: k8s.networking.v1.NetworkPolicy[];

    constructor(name: string, args: NetworkPoliciesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("jarvis:release:NetworkPolicies", name, {}, opts);
        this.policies = policyDocuments(args).map(
            (doc) =>
                new k8s.networking.v1.NetworkPolicy(
                    `${name}-${doc.name}`,
                    { metadata: { name: doc.name, namespace: args.namespace, labels: doc.labels }, spec: doc.spec },
                    { parent: this },
                ),
        );
        this.registerOutputs({ policies: this.policies.map((p) => p.metadata.name), isolate: args.isolate });
    }
}
