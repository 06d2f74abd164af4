/**
 * The building block every tier uses: a service definition rendered as Kubernetes objects.
 * Stateful services get a StatefulSet with a claim per replica and a headless Service; stateless
 * ones a Deployment. Both get a ClusterIP Service (the primary's only, when the other replicas are
 * standbys), generated credentials, ConfigMaps for shipped files and, when replicated, a
 * PodDisruptionBudget.
 */
import * as crypto from "node:crypto";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ServiceDefinition } from "../definitions/types";
import { GeneratedCredentials } from "./credentials";
import { selectorLabels, serviceLabels } from "./labels";
import { filesConfigMapName, podTemplate } from "./podTemplate";

/** Label the StatefulSet controller gives each pod: its own name. */
export const podNameLabel = "statefulset.kubernetes.io/pod-name";

/** Digest of every shipped file: a change rolls the pods, so they never run on stale files. */
function filesChecksum(definition: ServiceDefinition): string | undefined {
    const files = definition.volumes.flatMap((v) => (v.kind === "files" ? Object.entries(v.files).map(([name, text]) => `${v.name}/${name}\0${text}`) : []));
    if (files.length === 0) return undefined;
    return crypto.createHash("sha256").update(files.sort().join("\0")).digest("hex");
}

/**
 * What the client Service selects: every replica, or only the primary when the others are standbys
 * (a StatefulSet's pods differ by name only, so the pod-name label pins it).
 */
export function clientSelector(definition: ServiceDefinition, selector: Record<string, string>): Record<string, string> {
    const primary = definition.primaryReplica;
    if (primary === undefined) return selector;
    if (!definition.entry.stateful) throw new Error(`${definition.entry.id}: only a StatefulSet's replicas have a primary`);
    if (primary >= definition.replicas) throw new Error(`${definition.entry.id}: primary replica ${primary} of ${definition.replicas}`);
    return { ...selector, [podNameLabel]: `${definition.entry.id}-${primary}` };
}

type Deployment = k8s.types.input.apps.v1.DeploymentSpec;

/** The Service ports of a definition, each targeting the container port of the same name. */
export function servicePorts(definition: ServiceDefinition) {
    return definition.ports.map((p) => ({ name: p.name, port: p.port, targetPort: p.name, protocol: "TCP" }));
}

/** A Deployment's spec: rolling updates that never go below the desired count. */
export function deploymentSpec(
    replicas: number,
    selector: Record<string, string>,
    template: k8s.types.input.core.v1.PodTemplateSpec,
): Deployment {
    return {
        replicas,
        selector: { matchLabels: selector },
        strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
        revisionHistoryLimit: 5,
        template,
    };
}

/** At most one pod of a replicated set down at a time during voluntary disruptions (drains, upgrades). */
export function disruptionBudgetSpec(selector: Record<string, string>): k8s.types.input.policy.v1.PodDisruptionBudgetSpec {
    return { maxUnavailable: 1, selector: { matchLabels: selector } };
}

export interface WorkloadArgs {
    /** What to run. */
    readonly definition: ServiceDefinition;
    /** Namespace of every object. */
    readonly namespace: pulumi.Input<string>;
    /** Environment name, written as a label. */
    readonly environment: string;
    /** Protect stateful objects and credentials against deletion (production). */
    readonly protectData: boolean;
    /** Pod annotations whose change must roll the pods (checksums of what they use). */
    readonly podAnnotations?: Readonly<Record<string, pulumi.Input<string>>>;
}

export class Workload extends pulumi.ComponentResource {
    /** The StatefulSet or Deployment. */
    readonly controller: k8s.apps.v1.StatefulSet | k8s.apps.v1.Deployment;
    /** The ClusterIP Service clients connect to (named after the catalog id). */
    readonly service: k8s.core.v1.Service;
    /** Generated credentials, when the service owns any. */
    readonly credentials?: GeneratedCredentials;

    constructor(name: string, args: WorkloadArgs, opts?: pulumi.ComponentResourceOptions) {
        super("jarvis:kubernetes:Workload", name, {}, opts);
        const { definition, namespace, environment } = args;
        const entry = definition.entry;
        const labels = serviceLabels(entry, environment);
        const podLabels = serviceLabels(entry, environment, { image: definition.image });
        const selector = selectorLabels(entry);
        const metadata = (objectName: string) => ({ name: objectName, namespace, labels });

        if (definition.credentials) {
            this.credentials = new GeneratedCredentials(
                `${name}-credentials`,
                { credentials: definition.credentials, namespace, labels, protect: args.protectData },
                { parent: this },
            );
        }
        const configMaps = definition.volumes.flatMap((v) =>
            v.kind === "files"
                ? [
                      new k8s.core.v1.ConfigMap(
                          `${name}-${v.name}`,
                          { metadata: metadata(filesConfigMapName(entry.id, v.name)), data: { ...v.files } },
                          { parent: this },
                      ),
                  ]
                : [],
        );
        const after = [...(this.credentials ? [this.credentials] : []), ...configMaps];
        const ports = servicePorts(definition);

        this.service = new k8s.core.v1.Service(
            name,
            { metadata: metadata(entry.id), spec: { type: "ClusterIP", selector: clientSelector(definition, selector), ports } },
            { parent: this },
        );
        const checksum = filesChecksum(definition);
        const template = podTemplate(definition, {
            labels: podLabels,
            selector,
            // Shipped files and (for exposed services) the certificate roll the pods when they change.
            annotations: { ...(args.podAnnotations ?? {}), ...(checksum ? { "jarvis.io/files-checksum": checksum } : {}) },
        });
        const annotations = definition.annotations ? { ...definition.annotations } : undefined;

        if (entry.stateful) {
            // Stable network identities for the StatefulSet's pods (postgres-0.postgres-headless...).
            const headless = new k8s.core.v1.Service(
                `${name}-headless`,
                {
                    metadata: metadata(`${entry.id}-headless`),
                    spec: { clusterIP: "None", publishNotReadyAddresses: true, selector, ports },
                },
                { parent: this },
            );
            this.controller = new k8s.apps.v1.StatefulSet(
                name,
                {
                    metadata: { ...metadata(entry.id), annotations },
                    spec: {
                        serviceName: headless.metadata.name,
                        replicas: definition.replicas,
                        selector: { matchLabels: selector },
                        podManagementPolicy: "OrderedReady",
                        updateStrategy: { type: "RollingUpdate" },
                        // Claims outlive the StatefulSet: deleting or scaling down never deletes data.
                        persistentVolumeClaimRetentionPolicy: { whenDeleted: "Retain", whenScaled: "Retain" },
                        template,
                        volumeClaimTemplates: definition.volumes.flatMap((v) =>
                            v.kind === "persistent"
                                ? [
                                      {
                                          metadata: { name: v.name, labels, annotations },
                                          spec: {
                                              accessModes: ["ReadWriteOnce"],
                                              storageClassName: v.storageClass,
                                              resources: { requests: { storage: v.size } },
                                          },
                                      },
                                  ]
                                : [],
                        ),
                    },
                },
                { parent: this, dependsOn: after, protect: args.protectData },
            );
        } else {
            if (definition.volumes.some((v) => v.kind === "persistent")) {
                throw new Error(`${entry.id}: a stateless service cannot have a persistent volume`);
            }
            this.controller = new k8s.apps.v1.Deployment(
                name,
                { metadata: { ...metadata(entry.id), annotations }, spec: deploymentSpec(definition.replicas, selector, template) },
                { parent: this, dependsOn: after },
            );
        }

        if (definition.replicas > 1) {
            new k8s.policy.v1.PodDisruptionBudget(
                name,
                { metadata: metadata(entry.id), spec: disruptionBudgetSpec(selector) },
                { parent: this },
            );
        }
        this.registerOutputs({ service: this.service.metadata.name, controller: this.controller.metadata.name });
    }
}
