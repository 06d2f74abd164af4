/**
 * Every certificate an Ingress serves is known and stays valid for at least 30 more days:
 * - a cert-manager Certificate (or the Ingress' `cert-manager.io/issuer`/`cluster-issuer`
 *   annotation) renews it at least `minValidDays` before expiry (the runbook renews 30 days ahead);
 * - a `kubernetes.io/tls` Secret given as-is holds a certificate valid that long from today.
 * A Secret name nothing issues or holds is an unknown certificate: the Ingress would serve the
 * controller's default (untrusted) certificate.
 */
import { X509Certificate } from "node:crypto";
import { findingAt, ofKind } from "../lib/kubernetes";
import { Finding, stackPolicy } from "../lib/policy";
import { asNumber, asString, asStruct, asStructs, at, isUnknown, Value } from "../lib/values";
import { ResourceView } from "../lib/view";

interface Config {
    /** Days a served certificate must remain valid. */
    readonly minValidDays: number;
}

const defaults: Config = { minValidDays: 30 };
const day = 86_400;

/** Go durations as cert-manager writes them (`2160h`, `720h0m0s`, `45m`). */
function goSeconds(text: string): number | undefined {
    const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(h|m|s)/g)];
    if (parts.length === 0 || parts.map((p) => p[0]).join("") !== text) return undefined;
    const units: Record<string, number> = { h: 3600, m: 60, s: 1 };
    return parts.reduce((total, [, amount, unit]) => total + Number(amount) * units[unit], 0);
}

/** Seconds before expiry cert-manager renews: renewBefore, renewBeforePercentage, or a third of the duration. */
function renewalLeadSeconds(duration: Value | undefined, renewBefore: Value | undefined, percentage: Value | undefined): number | undefined {
    const lifetime = duration === undefined ? 90 * day : goSeconds(asString(duration) ?? "");
    if (lifetime === undefined) return undefined;
    if (renewBefore !== undefined) return goSeconds(asString(renewBefore) ?? "");
    const percent = asNumber(percentage);
    if (percent !== undefined) return (lifetime * percent) / 100;
    return lifetime / 3;
}

function certificateProblem(certificate: ResourceView, minSeconds: number): string | undefined {
    const spec = asStruct(certificate.props.spec);
    if (spec === undefined || [spec.duration, spec.renewBefore, spec.renewBeforePercentage].some(isUnknown)) return undefined;
    const lead = renewalLeadSeconds(spec.duration, spec.renewBefore, spec.renewBeforePercentage);
    if (lead === undefined) return "has an unreadable duration or renewBefore";
    if (lead < minSeconds) return `is renewed ${Math.floor(lead / day)} days before expiry; at least ${minSeconds / day} are required`;
    return undefined;
}

/** The PEM certificate of a TLS Secret (`data` is base64, `stringData` plain); `unknown` when hidden. */
function pemOf(secret: ResourceView): string | "unknown" | undefined {
    const plain = at(secret.props, "stringData", "tls.crt");
    const encoded = at(secret.props, "data", "tls.crt");
    if (isUnknown(plain) || isUnknown(encoded)) return "unknown";
    if (typeof plain === "string") return plain;
    if (typeof encoded === "string") return Buffer.from(encoded, "base64").toString("utf8");
    return undefined;
}

function secretProblem(secret: ResourceView, minSeconds: number, now: number): string | undefined {
    const pem = pemOf(secret);
    if (pem === "unknown") return undefined;
    if (pem === undefined) return "holds no tls.crt";
    let validTo: number;
    try {
        validTo = Date.parse(new X509Certificate(pem).validTo);
    } catch {
        return "holds a tls.crt that is not a readable certificate";
    }
    const left = (validTo - now) / 1000;
    if (left < minSeconds) {
        return `holds a certificate valid until ${new Date(validTo).toISOString().slice(0, 10)} (${Math.max(0, Math.floor(left / day))} days left); at least ${minSeconds / day} are required`;
    }
    return undefined;
}

const issuerAnnotations = ["cert-manager.io/issuer", "cert-manager.io/cluster-issuer"];

export const securityTlsCertificates = stackPolicy<Config>({
    name: "security-tls-certificates",
    description:
        "Every certificate an Ingress serves is known (issued by cert-manager or held in a kubernetes.io/tls Secret) and stays valid for at least 30 more days, or is renewed at least that long before it expires.",
    enforcementLevel: "mandatory",
    config: {
        schema: { minValidDays: { type: "integer", minimum: 1, default: defaults.minValidDays, description: "Days a served certificate must remain valid." } },
        defaults,
    },
    remediationSteps: "Issue the certificate with a cert-manager Certificate whose renewBefore is at least 720h, or replace the Secret's certificate.",
    check: (views, _context, config): Finding[] => {
        const minSeconds = config.minValidDays * day;
        const now = Date.now();
        const certificates = ofKind(views, "Certificate").filter((c) => c.type.includes("cert-manager.io/"));
        const tlsSecrets = ofKind(views, "Secret").filter((s) => at(s.props, "type") === "kubernetes.io/tls");
        const findings: Finding[] = [];
        // A Certificate or Secret whose identity is unknown during preview may be the one served.
        const identityUnknown =
            certificates.some((c) => c.metadata.unknown.has("namespace") || isUnknown(at(c.props, "spec", "secretName"))) ||
            ofKind(views, "Secret").some((s) => s.metadata.unknown.size > 0 || isUnknown(at(s.props, "type")));
        for (const ingress of identityUnknown ? [] : ofKind(views, "Ingress")) {
            if (ingress.metadata.unknown.has("namespace") || ingress.metadata.unknown.has("annotations")) continue;
            if (issuerAnnotations.some((key) => ingress.metadata.annotations[key] !== undefined)) continue;
            for (const entry of asStructs(at(ingress.props, "spec", "tls"))) {
                const name = asString(entry.secretName);
                if (name === undefined) continue;
                const sameNamespace = (v: ResourceView) => v.metadata.namespace === ingress.metadata.namespace;
                const issued = certificates.some((c) => sameNamespace(c) && at(c.props, "spec", "secretName") === name);
                const held = tlsSecrets.some((s) => sameNamespace(s) && s.metadata.name === name);
                if (!issued && !held) findings.push(findingAt(ingress, `serves certificate Secret ${name}, which no cert-manager Certificate issues and no kubernetes.io/tls Secret holds`));
            }
        }
        for (const certificate of certificates) {
            const problem = certificateProblem(certificate, minSeconds);
            if (problem) findings.push(findingAt(certificate, problem));
        }
        // Secrets cert-manager maintains are judged through their Certificate.
        for (const secret of tlsSecrets.filter((s) => s.metadata.annotations["cert-manager.io/certificate-name"] === undefined)) {
            const problem = secretProblem(secret, minSeconds, now);
            if (problem) findings.push(findingAt(secret, problem));
        }
        return findings;
    },
});
