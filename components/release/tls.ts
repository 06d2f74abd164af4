/**
 * The public certificate of the ingress (the runbook's SSL maintenance, as code). Either
 * cert-manager issues it and renews it 30 days before it expires (the runbook renews when 30 days
 * or fewer remain), or the stack provides the certificate and key as secrets, kept in a
 * `kubernetes.io/tls` Secret.
 *
 * `checksum` changes with the certificate Pulumi knows of (the provided certificate, or what the
 * Certificate asks for); as a pod annotation it rolls the pods served under the certificate, as the
 * runbook's rolling update after a renewal does. Renewals by cert-manager happen in the cluster,
 * unseen by Pulumi: the ingress controller, which terminates TLS, reloads the renewed Secret itself.
 */
import * as crypto from "node:crypto";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { TlsConfig } from "../../config/sections/release";
import { platformLabels } from "../kubernetes/labels";

/** The Secret holding the certificate and key, whichever mode fills it. */
export const tlsSecretName = "jarvis-tls";

/** Pod annotation that rolls the pods when the certificate changes. */
export const tlsChecksumAnnotation = "jarvis.io/tls-checksum";

/** cert-manager renews this long before expiry: the runbook's 30 days. */
export const renewBefore = "720h";

/** Let's Encrypt issues 90-day certificates; other issuers are asked for the same. */
export const certificateDuration = "2160h";

export interface TlsArgs {
    /** Where the certificate comes from. */
    readonly tls: TlsConfig;
    /** Host names the certificate covers. */
    readonly hosts: readonly string[];
    /** PEM certificate chain (mode `provided`). */
    readonly certificate?: pulumi.Output<string>;
    /** PEM private key (mode `provided`). */
    readonly privateKey?: pulumi.Output<string>;
    /** Namespace of the Secret (and Certificate). */
    readonly namespace: pulumi.Input<string>;
    /** Environment name, written as a label. */
    readonly environment: string;
}

function sha256(text: string): string {
    return crypto.createHash("sha256").update(text).digest("hex");
}

export class Tls extends pulumi.ComponentResource {
    /** Name of the Secret the Ingress serves. */
    readonly secretName: string = tlsSecretName;
    /** Changes whenever the certificate Pulumi knows of changes. */
    readonly checksum: pulumi.Output<string>;

    constructor(name: string, args: TlsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("jarvis:release:Tls", name, {}, opts);
        const labels = platformLabels("jarvis-tls", args.environment);
        const metadata = { name: tlsSecretName, namespace: args.namespace, labels };
        const tls = args.tls;
        if (tls.mode === "cert-manager") {
            const spec = {
                secretName: tlsSecretName,
                secretTemplate: { labels },
                dnsNames: [...args.hosts],
                issuerRef: { name: tls.issuer.name, kind: tls.issuer.kind, group: "cert-manager.io" },
                duration: certificateDuration,
                renewBefore,
                // A renewal gets a new key, so a leaked key does not outlive its certificate.
                privateKey: { algorithm: "ECDSA", size: 256, rotationPolicy: "Always" },
            };
            new k8s.apiextensions.CustomResource(name, { apiVersion: "cert-manager.io/v1", kind: "Certificate", metadata, spec }, { parent: this });
            this.checksum = pulumi.output(sha256(JSON.stringify(spec)));
        } else {
            const { certificate, privateKey } = args;
            // The configuration schema requires both in this mode.
            if (!certificate || !privateKey) throw new Error("tls mode 'provided' needs jarvis:tlsCertificate and jarvis:tlsPrivateKey");
            new k8s.core.v1.Secret(
                name,
                { metadata, type: "kubernetes.io/tls", stringData: { "tls.crt": certificate, "tls.key": privateKey } },
                { parent: this },
            );
            // Only the certificate is hashed, never the key; a certificate is public, so its hash needs no secrecy.
            this.checksum = pulumi.unsecret(certificate.apply(sha256));
        }
        this.registerOutputs({ secretName: this.secretName, checksum: this.checksum });
    }
}
