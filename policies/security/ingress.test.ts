import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { AuditedResource } from "../../tools/policyEngine";
import { fixture, messages } from "../../test/support/policies";
import { securityTlsCertificates } from "./certificates";
import { hostCovered, securityIngressTls } from "./ingressTls";

/** A self-signed certificate valid for `days` from now, made by openssl. */
function certificate(days: number): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "jarvis-cert-"));
    try {
        execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=jarvis.example.com", "-days", String(days), "-keyout", path.join(dir, "key.pem"), "-out", path.join(dir, "cert.pem")], { stdio: "ignore" });
        return fs.readFileSync(path.join(dir, "cert.pem"), "utf8");
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

function tlsSite(days: number): AuditedResource[] {
    const ingress = {
        apiVersion: "networking.k8s.io/v1",
        kind: "Ingress",
        metadata: { name: "jarvis", namespace: "jarvis-production" },
        spec: { tls: [{ hosts: ["jarvis.example.com"], secretName: "jarvis-tls" }], rules: [{ host: "jarvis.example.com" }] },
    };
    const secret = {
        apiVersion: "v1",
        kind: "Secret",
        type: "kubernetes.io/tls",
        metadata: { name: "jarvis-tls", namespace: "jarvis-production" },
        data: { "tls.crt": Buffer.from(certificate(days)).toString("base64"), "tls.key": "" },
    };
    return [ingress, secret].map((props) => ({
        type: `kubernetes:${props.apiVersion.includes("/") ? props.apiVersion : `core/${props.apiVersion}`}:${props.kind}`,
        urn: `urn:pulumi:fixtures::audit::${props.kind}::${props.metadata.name}`,
        name: props.metadata.name,
        props,
        protect: false,
    }));
}

describe("security-ingress-tls", () => {
    it("passes Ingresses whose TLS covers every host", async () => {
        expect(await messages(securityIngressTls, fixture("security/fixtures/ingress.pass.yaml"))).toEqual([]);
    });

    it("flags plain HTTP, uncovered hosts and a disabled HTTPS redirect", async () => {
        expect(await messages(securityIngressTls, fixture("security/fixtures/ingress.fail.yaml"))).toEqual([
            "Ingress jarvis-staging/plain: serves plain HTTP: it has no tls section",
            'Ingress jarvis-staging/jarvis: annotation nginx.ingress.kubernetes.io/ssl-redirect: "false" lets clients stay on plain HTTP',
            "Ingress jarvis-staging/jarvis: hosts admin.staging.example.com are not covered by any tls entry",
        ]);
    });

    it("matches wildcards one label deep", () => {
        expect(hostCovered("v1.api.example.com", ["*.api.example.com"])).toBe(true);
        expect(hostCovered("a.b.api.example.com", ["*.api.example.com"])).toBe(false);
    });
});

describe("security-tls-certificates", () => {
    it("passes cert-manager certificates renewed 30 days ahead and ingress-shim annotations", async () => {
        expect(await messages(securityTlsCertificates, fixture("security/fixtures/ingress.pass.yaml"))).toEqual([]);
    });

    it("flags an unknown certificate and a renewal too close to expiry", async () => {
        expect(await messages(securityTlsCertificates, fixture("security/fixtures/ingress.fail.yaml"))).toEqual([
            "Ingress jarvis-staging/jarvis: serves certificate Secret handmade-tls, which no cert-manager Certificate issues and no kubernetes.io/tls Secret holds",
            "Certificate jarvis-staging/short-renewal: is renewed 10 days before expiry; at least 30 are required",
        ]);
    });

    it("reads a TLS Secret's certificate: a year passes, ten days does not", async () => {
        expect(await messages(securityTlsCertificates, tlsSite(365))).toEqual([]);
        const [message] = await messages(securityTlsCertificates, tlsSite(10));
        expect(message).toMatch(/^Secret jarvis-production\/jarvis-tls: holds a certificate valid until \d{4}-\d{2}-\d{2} \(\d+ days left\); at least 30 are required$/);
    });
});
