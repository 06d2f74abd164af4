/**
 * Only the ingress controller is reachable from outside the cluster: every other LoadBalancer or
 * NodePort Service bypasses TLS termination and the Ingress rules (advisory: defence in depth,
 * the services still authenticate their clients).
 */
import { ingressControllerNames, labels, roles } from "../conventions";
import { resourcePolicy } from "../lib/policy";
import { asString, at } from "../lib/values";

interface Config {
    /** `app.kubernetes.io/name` values of ingress controllers. */
    readonly ingressControllerNames: string[];
}

const defaults: Config = { ingressControllerNames: [...ingressControllerNames] };

export const securityNoExternalServices = resourcePolicy<Config>({
    name: "security-no-external-services",
    description: "No Service is of type LoadBalancer or NodePort except the ingress controller's; everything else is reached through the Ingress.",
    enforcementLevel: "advisory",
    kinds: ["Service"],
    config: {
        schema: {
            ingressControllerNames: {
                type: "array",
                items: { type: "string" },
                default: defaults.ingressControllerNames,
                description: "app.kubernetes.io/name values of ingress controllers allowed to be exposed.",
            },
        },
        defaults,
    },
    remediationSteps: `Use type ClusterIP behind the Ingress; label the ingress controller's Service ${labels.role}: ${roles.ingressController}.`,
    check: (view, _context, config) => {
        const type = asString(at(view.props, "spec", "type"));
        if (type !== "LoadBalancer" && type !== "NodePort") return [];
        const isController =
            view.metadata.labels[labels.role] === roles.ingressController ||
            config.ingressControllerNames.includes(view.metadata.labels[labels.name] ?? "");
        return isController ? [] : [`is of type ${type}: only the ingress controller may be exposed outside the cluster`];
    },
});
