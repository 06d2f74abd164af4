/**
 * Each namespace starts from "deny everything" (a NetworkPolicy selecting every pod with no allow
 * rules) and opens only the flows it needs, so a compromised pod cannot reach every database.
 * Advisory: defence in depth; the services still authenticate their clients.
 */
import { findingAt } from "../lib/kubernetes";
import { Finding, stackPolicy } from "../lib/policy";
import { asArray, asStrings, asStruct, at, containsUnknown } from "../lib/values";
import { ResourceView } from "../lib/view";

interface Config {
    /** Also require egress to be denied by default. */
    readonly requireEgressDeny: boolean;
}

const defaults: Config = { requireEgressDeny: true };

/** Directions a policy denies by default: it selects every pod, lists the direction and allows nothing in it. */
function deniedDirections(policy: ResourceView): string[] {
    const spec = asStruct(policy.props.spec);
    const selector = asStruct(spec?.podSelector);
    if (spec === undefined || selector === undefined) return [];
    const selectsAll = Object.keys(asStruct(selector.matchLabels) ?? {}).length === 0 && asArray(selector.matchExpressions).length === 0;
    if (!selectsAll) return [];
    // Without policyTypes, Kubernetes infers Ingress, and Egress when egress rules are present.
    const types = spec.policyTypes === undefined ? ["Ingress", ...(spec.egress !== undefined ? ["Egress"] : [])] : asStrings(spec.policyTypes);
    return types.filter((t) => asArray(t === "Ingress" ? spec.ingress : spec.egress).length === 0);
}

export const securityDefaultDeny = stackPolicy<Config>({
    name: "security-default-deny-network-policy",
    description: "Every namespace the resources live in has a default-deny NetworkPolicy (all pods selected, no traffic allowed), so only declared flows are open.",
    enforcementLevel: "advisory",
    config: {
        schema: { requireEgressDeny: { type: "boolean", default: defaults.requireEgressDeny, description: "Also require egress to be denied by default." } },
        defaults,
    },
    remediationSteps: "Add a NetworkPolicy with podSelector: {} and policyTypes [Ingress, Egress] and no rules, then allow each needed flow.",
    check: (views, _context, config): Finding[] => {
        const policies = views.filter((v) => v.kind === "NetworkPolicy");
        // A policy unknown during preview may be the default deny of any namespace.
        if (policies.some((p) => containsUnknown(at(p.props, "spec")) || p.metadata.unknown.has("namespace"))) return [];
        const namespaces = new Map<string, ResourceView>();
        for (const view of views) {
            const namespace = view.kind === "Namespace" ? view.metadata.name : view.metadata.namespace;
            if (namespace !== undefined && !namespaces.has(namespace)) namespaces.set(namespace, view);
        }
        const required = config.requireEgressDeny ? ["Ingress", "Egress"] : ["Ingress"];
        return [...namespaces].flatMap(([namespace, anchor]) => {
            const denied = new Set(policies.filter((p) => p.metadata.namespace === namespace).flatMap(deniedDirections));
            const missing = required.filter((d) => !denied.has(d));
            const target = views.find((v) => v.kind === "Namespace" && v.metadata.name === namespace) ?? anchor;
            return missing.length === 0 ? [] : [findingAt(target, `namespace ${namespace} has no default-deny NetworkPolicy for ${missing.join(" and ")}`)];
        });
    },
});
