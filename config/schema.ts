/**
 * The one schema of a stack's configuration (the `jarvis:` namespace of `Pulumi.<stack>.yaml`).
 * Every key a user may set is declared here, with what it expects; the loader reports every
 * violation at once, by key path, before any resource is registered.
 */
import { z } from "zod";
import { catalog } from "../catalog/services";
import { ServiceId } from "../catalog/types";
import { dnsLabel, pinnedImage, quantity, replicas, storage } from "./primitives";
import { colors, ingressSection, networkSection, releaseIssues, releaseSection, tlsSection } from "./sections/release";
import { monitoringConfig } from "./sections/monitoring";
import { backupSection, checkBackupConfig, offsiteCredentialKeys } from "./sections/backup";

export { pinnedImage };

const computeResources = z.strictObject({
    cpu: quantity,
    memory: quantity,
});

const resources = z.strictObject({
    requests: computeResources,
    limits: computeResources,
});

const statelessService = z.strictObject({
    image: pinnedImage,
    replicas,
    resources: resources.optional(),
});

const statefulService = z.strictObject({
    image: pinnedImage,
    replicas: replicas.default(1),
    storage,
    resources: resources.optional(),
});

/**
 * PostgreSQL and TimescaleDB: with more than one replica, one is the primary and the others hot
 * standbys streaming from it. `primary` names it by ordinal; a manual failover promotes a standby
 * and sets this to its ordinal (docs/postgres-replication.md).
 */
const databaseService = statefulService
    .extend({
        /** Ordinal of the pod that runs as the primary and receives the clients. */
        primary: z.int({ error: "a pod ordinal" }).min(0).default(0),
    })
    .refine((service) => service.replicas === 0 || service.primary < service.replicas, {
        error: "the primary must be one of the replicas (an ordinal below replicas)",
        path: ["primary"],
    });

const gpu = z.strictObject({
    /** How many GPUs each Ollama pod requests. */
    count: z.int().min(1).max(8),
    /** Extended resource name of the device plugin. */
    resourceName: z.string().default("nvidia.com/gpu"),
});

const ollamaService = statefulService.extend({
    /** Optional GPUs for model inference; CPU inference when absent. */
    gpu: gpu.optional(),
});

const services = z.strictObject({
    postgres: databaseService,
    redis: statefulService,
    qdrant: statefulService,
    ollama: ollamaService,
    backend: statelessService,
    stt: statelessService,
    tts: statelessService,
    frontend: statelessService,
    timescale: databaseService,
});

const kubernetes = z.strictObject({
    /** Context of the kubeconfig to use; the kubeconfig's current context when absent. */
    context: z.string().min(1).optional(),
    /** Render every object as YAML into this directory instead of applying it to a cluster. */
    renderYamlToDirectory: z.string().min(1).optional(),
});

/**
 * Keys that hold credentials: read as Pulumi secrets, never printed. The webhook URLs carry their
 * own access tokens (Slack's and the pager's), so they are credentials too.
 */
export const credentialKeys = ["kubeconfig", "tlsCertificate", "tlsPrivateKey", "slackWebhookUrl", "pagerWebhookUrl", ...offsiteCredentialKeys] as const;
export type CredentialKey = (typeof credentialKeys)[number];

export const environments = ["staging", "production"] as const;
export type Environment = (typeof environments)[number];

export const configSchema = z
    .strictObject({
        /** Which environment the stack is: production gets stricter sizing and deletion protection. */
        environment: z.enum(environments),
        /** Namespace every object lives in. */
        namespace: dnsLabel,
        /** Color that receives production traffic (blue/green releases). */
        activeColor: z.enum(colors).default("blue"),
        /** Emergency network isolation: deny every ingress and egress flow in the namespace. */
        isolate: z.boolean().default(false),
        /** Storage class for persistent volumes unless a service names its own. */
        storageClass: dnsLabel,
        /** How the Kubernetes provider reaches (or does not reach) a cluster. */
        kubernetes: kubernetes.default({}),
        /** Kubeconfig contents (credential: `pulumi config set --secret jarvis:kubeconfig`). */
        kubeconfig: z.string().min(1).optional(),
        /** Per-service images, replicas, storage and resources. */
        services,
        /** Blue/green colors of the backend and frontend, the backend's migration, the health gate. */
        release: releaseSection,
        /** Where the public certificate comes from. */
        tls: tlsSection,
        /** Public host names and the ingress controller. */
        ingress: ingressSection,
        /** Peers outside the namespace that the NetworkPolicies admit (Prometheus, DNS). */
        network: networkSection,
        /** PEM certificate chain for tls mode `provided` (credential: `pulumi config set --secret`). */
        tlsCertificate: z.string().min(1).optional(),
        /** PEM private key for tls mode `provided` (credential: `pulumi config set --secret`). */
        tlsPrivateKey: z.string().min(1).optional(),
        /** Alert rules, dashboards, notification routing and the optional monitoring stack install. */
        monitoring: monitoringConfig,
        /**
         * Slack incoming-webhook URL (credential: `pulumi config set --secret jarvis:slackWebhookUrl`).
         * Without it, alerts go out by e-mail only.
         */
        slackWebhookUrl: z.string().min(1).optional(),
        /**
         * Webhook of the pager or SMS gateway that pages the on-call engineer for critical alerts
         * (credential: `pulumi config set --secret jarvis:pagerWebhookUrl`). No pager receiver without it.
         */
        pagerWebhookUrl: z.string().min(1).optional(),
        /** Backup schedules, retention, backup volumes and the off-site copy (see config/sections/backup.ts). */
        backup: backupSection({ quantity, dnsLabel, pinnedImage }).prefault({}),
        /** Access key id of the off-site bucket (credential: `pulumi config set --secret jarvis:backupS3AccessKeyId`). */
        backupS3AccessKeyId: z.string().min(1).optional(),
        /** Secret access key of the off-site bucket (credential: `pulumi config set --secret jarvis:backupS3SecretAccessKey`). */
        backupS3SecretAccessKey: z.string().min(1).optional(),
    })
    .superRefine((config, ctx) => {
        for (const issue of releaseIssues(config)) ctx.addIssue({ code: "custom", ...issue });
        checkBackupConfig(config, ctx);
        if (config.environment !== "production") return;
        // The SLOs of tier 1 and 2 cannot survive a node drain or a rollout with a single pod.
        for (const [id, service] of Object.entries(config.services)) {
            const entry = catalog[id as ServiceId];
            if (entry.stateful || (entry.tier !== "1" && entry.tier !== "2")) continue;
            if (service.replicas < 2) {
                ctx.addIssue({
                    code: "custom",
                    path: ["services", id, "replicas"],
                    message: `production needs at least 2 replicas of a stateless tier-${entry.tier} service (got ${service.replicas})`,
                });
            }
        }
    });

export type RawConfig = z.infer<typeof configSchema>;
export type ServicesConfig = RawConfig["services"];
export type ComputeResources = z.infer<typeof resources>;
export type StorageConfig = z.infer<typeof storage>;
export type GpuConfig = z.infer<typeof gpu>;
