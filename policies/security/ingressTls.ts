/**
 * Ingresses serve HTTPS only: a `tls` section with a certificate Secret that covers every host of
 * the rules, and no annotation that turns the HTTPS redirect off.
 */
import { resourcePolicy } from "../lib/policy";
import { asString, asStrings, asStructs, at, containsUnknown } from "../lib/values";

/** `*.example.com` covers one label below example.com. */
export function hostCovered(host: string, tlsHosts: readonly string[]): boolean {
    return tlsHosts.some((t) => t === host || (t.startsWith("*.") && host.endsWith(t.slice(1)) && !host.slice(0, -t.length + 1).includes(".")));
}

const redirectOff = ["nginx.ingress.kubernetes.io/ssl-redirect", "nginx.ingress.kubernetes.io/force-ssl-redirect"];

export const securityIngressTls = resourcePolicy({
    name: "security-ingress-tls",
    description: "Every Ingress terminates TLS for all of its hosts with a certificate Secret, and does not disable the HTTPS redirect.",
    enforcementLevel: "mandatory",
    kinds: ["Ingress"],
    remediationSteps: "Add spec.tls with the hosts and a secretName (issued by cert-manager).",
    check: (view) => {
        const tls = at(view.props, "spec", "tls");
        const rules = at(view.props, "spec", "rules");
        const problems: string[] = [];
        for (const key of redirectOff) {
            if (view.metadata.annotations[key] === "false") problems.push(`annotation ${key}: "false" lets clients stay on plain HTTP`);
        }
        // TLS entries or hosts unknown during preview are judged when known.
        if (containsUnknown(tls) || containsUnknown(rules)) return problems;
        const entries = asStructs(tls);
        if (entries.length === 0) problems.push("serves plain HTTP: it has no tls section");
        for (const [i, entry] of entries.entries()) {
            if (entry.secretName === undefined) problems.push(`tls[${i}] names no certificate Secret (secretName)`);
        }
        const tlsHosts = entries.flatMap((e) => asStrings(e.hosts));
        const uncovered = asStructs(rules)
            .flatMap((r) => asString(r.host) ?? [])
            .filter((host) => entries.length > 0 && !hostCovered(host, tlsHosts));
        if (uncovered.length > 0) problems.push(`hosts ${uncovered.join(", ")} are not covered by any tls entry`);
        return problems;
    },
});
