/**
 * TLS in both modes (cert-manager Certificate renewed 30 days ahead; provided certificate and key
 * as secrets in a kubernetes.io/tls Secret), the checksum that rolls the exposed pods on a new
 * certificate, and the TLS-only Ingresses.
 */
import * as crypto from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { ConfigError } from "../../config/load";
import { KubernetesObject, toYaml } from "../../tools/manifests";
import { Plan, renderPlan } from "../../tools/plan";
import { validateObject } from "../../tools/schemaValidation";
import { find, plan, spec, stackConfig } from "../support/program";
import { validate } from "./helpers";

const checksumOf = (objects: readonly KubernetesObject[], deployment: string): string | undefined =>
    spec(find(objects, "Deployment", deployment)).spec.template.metadata.annotations?.["jarvis.io/tls-checksum"];

/** A certificate and key as an operator would set them with `pulumi config set --secret`. */
function providedTls(certificate: string): Promise<Plan> {
    const config = stackConfig("production", { tls: { mode: "provided" }, tlsCertificate: certificate, tlsPrivateKey: privateKey });
    return renderPlan({ ...config, secretKeys: [...config.secretKeys, "jarvis:tlsCertificate", "jarvis:tlsPrivateKey"] });
}

const { privateKey, publicKey } = crypto.generateKeyPairSync("ec", {
    namedCurve: "prime256v1",
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
});
// The program never parses the certificate; any PEM text stands for one here.
const certificate = publicKey.replace(/PUBLIC KEY/g, "CERTIFICATE");
const renewed = certificate.replace(/\n-----END/, "A\n-----END");

describe("TLS with cert-manager (both stack files)", () => {
    let production: Plan;
    beforeAll(async () => {
        production = await plan("production");
    });

    it("asks for a Certificate covering both hosts, renewed 30 days before expiry, valid for the cert-manager schema", async () => {
        const certificateObject = find(production.objects, "Certificate", "jarvis-tls");
        expect(certificateObject.apiVersion).toBe("cert-manager.io/v1");
        expect(spec(certificateObject).spec).toMatchObject({
            secretName: "jarvis-tls",
            dnsNames: ["api.jarvis.com", "jarvis.com"],
            issuerRef: { name: "letsencrypt-production", kind: "ClusterIssuer", group: "cert-manager.io" },
            renewBefore: "720h",
        });
        expect(await validateObject(certificateObject)).toEqual([]);
        expect(production.problems).toEqual([]);
        expect(production.objects.some((o) => o.kind === "Secret" && o.metadata.name === "jarvis-tls")).toBe(false);
    });

    it("annotates the pods of both colors of the exposed services, and only them, with the certificate's checksum", () => {
        const checksum = checksumOf(production.objects, "backend-blue");
        expect(checksum).toMatch(/^[0-9a-f]{64}$/);
        for (const deployment of ["backend-green", "frontend-blue", "frontend-green"]) expect(checksumOf(production.objects, deployment)).toBe(checksum);
        expect(checksumOf(production.objects, "stt")).toBeUndefined();
    });

    it("rolls the exposed pods when the certificate asked for changes (another issuer)", async () => {
        const other = await plan("production", { tls: { mode: "cert-manager", issuer: { name: "corporate-ca", kind: "Issuer" } } });
        expect(spec(find(other.objects, "Certificate", "jarvis-tls")).spec.issuerRef).toEqual({ name: "corporate-ca", kind: "Issuer", group: "cert-manager.io" });
        expect(checksumOf(other.objects, "backend-blue")).not.toBe(checksumOf(production.objects, "backend-blue"));
    });
});

describe("TLS with a provided certificate and key (config secrets)", () => {
    let provided: Plan;
    beforeAll(async () => {
        provided = await providedTls(certificate);
    });

    it("keeps them in a schema-valid kubernetes.io/tls Secret, never in clear in the plan", async () => {
        const secret = find(provided.objects, "Secret", "jarvis-tls");
        expect(spec(secret)).toMatchObject({ type: "kubernetes.io/tls", stringData: { "tls.crt": "[secret]", "tls.key": "[secret]" } });
        expect(await validateObject(secret)).toEqual([]);
        expect(provided.problems).toEqual([]);
        expect(provided.objects.some((o) => o.kind === "Certificate")).toBe(false);
        const yaml = toYaml(provided.objects);
        expect(yaml).not.toContain(privateKey.split("\n")[1]);
        expect(yaml).not.toContain(certificate.split("\n")[1]);
    });

    it("rolls the exposed pods with a new certificate: the checksum is the certificate's SHA-256, not secret", async () => {
        const expected = crypto.createHash("sha256").update(certificate).digest("hex");
        expect(checksumOf(provided.objects, "backend-blue")).toBe(expected);
        const next = await providedTls(renewed);
        expect(checksumOf(next.objects, "backend-blue")).toBe(crypto.createHash("sha256").update(renewed).digest("hex"));
        expect(checksumOf(next.objects, "frontend-green")).not.toBe(expected);
    });

    it("is refused without both secrets, and the secrets are refused with cert-manager", () => {
        expect(() => validate("production", { tls: { mode: "provided" }, tlsCertificate: certificate })).toThrow(
            "jarvis:tlsPrivateKey: tls mode 'provided' needs the secret jarvis:tlsPrivateKey",
        );
        expect(() => validate("production", { tlsCertificate: certificate, tlsPrivateKey: privateKey })).toThrow(ConfigError);
        expect(validate("production", { tls: { mode: "provided" }, tlsCertificate: certificate, tlsPrivateKey: privateKey }).tls).toEqual({ mode: "provided" });
    });
});

describe("Ingresses", () => {
    it.each(["staging", "production"])("%s: TLS only, one per exposed service, to its stable Service", async (stack) => {
        const { objects } = await plan(stack);
        const hosts = stack === "production" ? { frontend: "jarvis.com", backend: "api.jarvis.com" } : { frontend: "staging.jarvis.com", backend: "api.staging.jarvis.com" };
        const ingresses = objects.filter((o) => o.kind === "Ingress");
        expect(ingresses.map((o) => o.metadata.name).sort()).toEqual(["backend", "frontend"]);
        for (const [id, port] of [["frontend", 3000], ["backend", 8100]] as const) {
            const ingress = spec(find(objects, "Ingress", id));
            expect(ingress.metadata.annotations).toEqual({
                "nginx.ingress.kubernetes.io/ssl-redirect": "true",
                "nginx.ingress.kubernetes.io/force-ssl-redirect": "true",
            });
            expect(ingress.spec.ingressClassName).toBe("nginx");
            expect(ingress.spec.tls).toEqual([{ hosts: [hosts[id]], secretName: "jarvis-tls" }]);
            // Every host served is covered by the certificate.
            expect(ingress.spec.rules.map((r: { host: string }) => r.host)).toEqual([hosts[id]]);
            expect(ingress.spec.rules[0].http.paths).toEqual([{ path: "/", pathType: "Prefix", backend: { service: { name: id, port: { number: port } } } }]);
        }
    });
});
