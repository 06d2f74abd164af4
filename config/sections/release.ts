/**
 * Configuration of releases and exposure: blue/green colors of the backend and the frontend, the
 * backend's schema migration, TLS, ingress and the peers the NetworkPolicies admit.
 */
import { z } from "zod";
import { dnsLabel, dnsName, labelMap, pinnedImage, replicas, storage } from "../primitives";

export const colors = ["blue", "green"] as const;
export type Color = (typeof colors)[number];

/** The services released blue/green (the runbook's production release deploys them by color). */
export const blueGreenServiceIds = ["backend", "frontend"] as const;
export type BlueGreenServiceId = (typeof blueGreenServiceIds)[number];

/**
 * One color of a service. Its size is stated per color, never derived from `activeColor`, so that
 * switching traffic changes no Deployment: the operator scales a color up before switching to it
 * and down (to standby) in a later change, once the old color is no longer needed for rollback.
 */
const colorSpec = z.strictObject({
    /** Image this color runs; the service's `image` when absent. */
    image: pinnedImage.optional(),
    /** `full`: the service's `replicas`; `standby`: the service's `standbyReplicas`. */
    scale: z.enum(["full", "standby"]),
});

const blueGreen = z.strictObject({
    /** Replicas of a color scaled to `standby` (0 frees its resources; more keeps a warm copy). */
    standbyReplicas: replicas.default(0),
    /** Image and scale of each color. */
    colors: z.strictObject({ blue: colorSpec, green: colorSpec }),
});

const migration = z.strictObject({
    /** Command run in the new backend image, as the runbook's migration maintenance does. */
    command: z.array(z.string().min(1)).min(1).default(["alembic", "upgrade", "head"]),
    /** Volume that keeps the pre-migration PostgreSQL dumps. */
    backupStorage: storage.default({ size: "20Gi" }),
    /** How many pre-migration dumps to keep on that volume (oldest deleted first). */
    keepBackups: z.int().min(1).max(100).default(5),
});

export const releaseSection = z.strictObject({
    backend: blueGreen.extend({
        /** Schema migration run once per new backend image, before that image's Deployment. */
        migration: migration.prefault({}),
    }),
    frontend: blueGreen,
    /** Image of the health gate's HTTP client (needs `sh` and `curl`). */
    healthGateImage: pinnedImage.default("curlimages/curl:8.11.1"),
});

export const tlsSection = z.discriminatedUnion("mode", [
    z.strictObject({
        /** cert-manager issues the certificate and renews it 30 days before it expires. */
        mode: z.literal("cert-manager"),
        issuer: z.strictObject({
            /** Name of the (Cluster)Issuer, e.g. letsencrypt-production. */
            name: dnsName,
            kind: z.enum(["ClusterIssuer", "Issuer"]),
        }),
    }),
    z.strictObject({
        /** The certificate and key come from the secrets `jarvis:tlsCertificate` and `jarvis:tlsPrivateKey`. */
        mode: z.literal("provided"),
    }),
]);

/** Pods outside the namespace that the NetworkPolicies admit (matched by namespace name and labels). */
const peer = z.strictObject({
    namespace: dnsLabel,
    podLabels: labelMap.refine((labels) => Object.keys(labels).length > 0, { error: "at least one label" }),
});

export const ingressSection = z
    .strictObject({
        /** IngressClass of the controller (its annotations below are ingress-nginx's). */
        className: dnsName,
        /** Public host name of each exposed service. */
        hosts: z.strictObject({ frontend: dnsName, backend: dnsName }),
        /** The ingress controller's pods, admitted to the frontend and the backend. */
        controller: peer,
    })
    .refine((ingress) => ingress.hosts.frontend !== ingress.hosts.backend, {
        error: "the frontend and the backend need different host names",
        path: ["hosts", "backend"],
    });

export const networkSection = z.strictObject({
    /** Prometheus' pods, admitted to the metrics ports. */
    prometheus: peer,
    /** The cluster DNS pods every pod may query. */
    dns: peer.default({ namespace: "kube-system", podLabels: { "k8s-app": "kube-dns" } }),
});

export type ReleaseConfig = z.infer<typeof releaseSection>;
export type BlueGreenConfig = z.infer<typeof blueGreen>;
export type MigrationConfig = z.infer<typeof migration>;
export type TlsConfig = z.infer<typeof tlsSection>;
export type IngressConfig = z.infer<typeof ingressSection>;
export type NetworkConfig = z.infer<typeof networkSection>;
export type Peer = z.infer<typeof peer>;

/** What the cross-key checks below read from the whole configuration. */
interface ReleaseView {
    readonly activeColor: Color;
    readonly release: ReleaseConfig;
    readonly tls: TlsConfig;
    readonly tlsCertificate?: string;
    readonly tlsPrivateKey?: string;
}

interface Issue {
    readonly path: (string | number)[];
    readonly message: string;
}

/**
 * Checks that span keys: traffic only goes to a color scaled `full`, and provided TLS material is
 * present exactly when the TLS mode uses it.
 */
export function releaseIssues(config: ReleaseView): Issue[] {
    const issues: Issue[] = [];
    for (const id of blueGreenServiceIds) {
        if (config.release[id].colors[config.activeColor].scale !== "full") {
            issues.push({
                path: ["release", id, "colors", config.activeColor, "scale"],
                message: `the active color (${config.activeColor}) must be scaled 'full' before traffic is switched to it`,
            });
        }
    }
    const provided = config.tls.mode === "provided";
    for (const key of ["tlsCertificate", "tlsPrivateKey"] as const) {
        if (provided && !config[key]) {
            issues.push({ path: [key], message: `tls mode 'provided' needs the secret jarvis:${key}` });
        }
        if (!provided && config[key]) {
            issues.push({ path: [key], message: `set only with tls mode 'provided' (cert-manager issues its own)` });
        }
    }
    return issues;
}
