/**
 * The one schema of a stack's configuration (the `jarvis:` namespace of `Pulumi.<stack>.yaml`).
 * Every key a user may set is declared here, with what it expects; the loader reports every
 * violation at once, by key path, before any resource is registered.
 */
import { z } from "zod";
import { catalog } from "../catalog/services";
import { ServiceId } from "../catalog/types";
import { backupSection, checkBackupConfig, offsiteCredentialKeys } from "./sections/backup";

const dnsLabel = z
    .string()
    .regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, { error: "a DNS-1123 label: lower-case letters, digits and '-', at most 63 characters" });

const quantity = z
    .string()
    .regex(/^[0-9]+(\.[0-9]+)?(m|k|M|G|T|Ki|Mi|Gi|Ti)?$/, { error: "a Kubernetes quantity such as 500m, 256Mi or 20Gi" });

/** An image reference pinned to an explicit version tag or a digest; `latest` or no tag is refused. */
export const pinnedImage = z
    .string()
    .regex(/^[a-z0-9][a-z0-9._\/:-]*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[a-f0-9]{64})?$/, {
        error: "an image reference such as postgres:16.4",
    })
    .refine((image) => /@sha256:[a-f0-9]{64}$/.test(image) || /:[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(image.replace(/^[^/]*:\d+\//, "")), {
        error: "an image pinned to a version tag or a digest (no tag means latest)",
    })
    .refine((image) => !/:latest(@|$)/.test(image), { error: "an image pinned to a version, never 'latest'" });

const computeResources = z.strictObject({
    cpu: quantity,
    memory: quantity,
});

const resources = z.strictObject({
    requests: computeResources,
    limits: computeResources,
});

const storage = z.strictObject({
    /** Size of the persistent volume claim. */
    size: quantity,
    /** Storage class of the claim; the stack-wide `storageClass` when absent. */
    storageClass: dnsLabel.optional(),
});

const replicas = z.int({ error: "a whole number of replicas" }).min(0).max(50);

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
    postgres: statefulService,
    redis: statefulService,
    qdrant: statefulService,
    ollama: ollamaService,
    backend: statelessService,
    stt: statelessService,
    tts: statelessService,
    frontend: statelessService,
    timescale: statefulService,
});

const kubernetes = z.strictObject({
    /** Context of the kubeconfig to use; the kubeconfig's current context when absent. */
    context: z.string().min(1).optional(),
    /** Render every object as YAML into this directory instead of applying it to a cluster. */
    renderYamlToDirectory: z.string().min(1).optional(),
});

/** Keys that hold credentials: read as Pulumi secrets, never printed. */
export const credentialKeys = ["kubeconfig", ...offsiteCredentialKeys] as const;
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
        activeColor: z.enum(["blue", "green"]).default("blue"),
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
        /** Backup schedules, retention, backup volumes and the off-site copy (see config/sections/backup.ts). */
        backup: backupSection({ quantity, dnsLabel, pinnedImage }).prefault({}),
        /** Access key id of the off-site bucket (credential: `pulumi config set --secret jarvis:backupS3AccessKeyId`). */
        backupS3AccessKeyId: z.string().min(1).optional(),
        /** Secret access key of the off-site bucket (credential: `pulumi config set --secret jarvis:backupS3SecretAccessKey`). */
        backupS3SecretAccessKey: z.string().min(1).optional(),
    })
    .superRefine((config, ctx) => {
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
