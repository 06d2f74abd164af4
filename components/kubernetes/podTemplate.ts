/**
 * Renders a service definition as a pod template: one container with its probes, resources,
 * security context and volumes (shipped files from ConfigMaps), an init container for its setup
 * step, spread across nodes when replicated. Deployments, StatefulSets and each color of a
 * blue/green pair share it.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { EnvVar, ServiceDefinition, VolumeDefinition } from "../definitions/types";
import { kubernetesProbe } from "./probes";
import { containerSecurityContext, podSecurityContext } from "./securityContext";

type PodTemplateSpec = k8s.types.input.core.v1.PodTemplateSpec;
type Volume = k8s.types.input.core.v1.Volume;

export function kubernetesEnv(env: EnvVar): k8s.types.input.core.v1.EnvVar {
    return "value" in env
        ? { name: env.name, value: env.value }
        : { name: env.name, valueFrom: { secretKeyRef: { name: env.secret.name, key: env.secret.key } } };
}

export function scratchVolumes(volumes: readonly VolumeDefinition[]): Volume[] {
    return volumes.flatMap((v) =>
        v.kind === "scratch"
            ? [{ name: v.name, emptyDir: { sizeLimit: v.sizeLimit, ...(v.memory ? { medium: "Memory" } : {}) } }]
            : [],
    );
}

/** Name of the ConfigMap holding a `files` volume of a service. */
export function filesConfigMapName(serviceId: string, volumeName: string): string {
    return `${serviceId}-${volumeName}`;
}

/** Pod volumes other than the StatefulSet's claims: scratch space and shipped files. */
function podVolumes(definition: ServiceDefinition): Volume[] {
    return definition.volumes.flatMap((v): Volume[] => {
        if (v.kind === "scratch") return [{ name: v.name, emptyDir: { sizeLimit: v.sizeLimit, ...(v.memory ? { medium: "Memory" } : {}) } }];
        if (v.kind === "files") {
            return [{ name: v.name, configMap: { name: filesConfigMapName(definition.entry.id, v.name), defaultMode: v.executable ? 0o555 : 0o444 } }];
        }
        return [];
    });
}

function volumeMount(v: VolumeDefinition): k8s.types.input.core.v1.VolumeMount {
    const readOnly = v.kind === "files" || (v.kind === "persistent" && v.readOnly === true);
    return { name: v.name, mountPath: v.mountPath, ...(readOnly ? { readOnly: true } : {}) };
}

/** Spreads replicas over nodes (hard: two replicas on one node survive no node failure) and zones (soft). */
function spreadConstraints(definition: ServiceDefinition, selector: Record<string, string>) {
    if (definition.replicas < 2) return undefined;
    return [
        { maxSkew: 1, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "DoNotSchedule", labelSelector: { matchLabels: selector } },
        { maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: selector } },
    ];
}

export interface PodTemplateOptions {
    /** Labels of the pods (selector labels included). */
    readonly labels: Record<string, string>;
    /** Labels the spread constraints count pods by. */
    readonly selector: Record<string, string>;
    /** Pod annotations (checksums that roll pods when their inputs change). */
    readonly annotations?: Readonly<Record<string, pulumi.Input<string>>>;
}

/**
 * Kubernetes counts the preStop delay inside the grace period: the pod gets the delay (endpoint
 * removal) plus the drain (in-flight requests after SIGTERM) before it is killed.
 */
export function gracePeriodSeconds(definition: ServiceDefinition): number {
    return (definition.preStopDelaySeconds ?? 0) + definition.terminationGracePeriodSeconds;
}

function lifecycle(definition: ServiceDefinition): k8s.types.input.core.v1.Lifecycle | undefined {
    // The kubelet's own sleep action (Kubernetes >= 1.30): no `sleep` binary needed in the image.
    return definition.preStopDelaySeconds ? { preStop: { sleep: { seconds: definition.preStopDelaySeconds } } } : undefined;
}

/**
 * The setup step as an init container: the service's image, environment, volumes and resources (an
 * init container's requests do not add to the pod's), without probes, so it may run as long as it must.
 */
function setupContainers(definition: ServiceDefinition): k8s.types.input.core.v1.Container[] | undefined {
    const { setup, resources, runAs } = definition;
    if (!setup) return undefined;
    return [
        {
            name: setup.name,
            image: definition.image,
            imagePullPolicy: "IfNotPresent",
            command: [...setup.command],
            env: definition.env.map(kubernetesEnv),
            resources: { requests: { ...resources.requests }, limits: { ...resources.limits } },
            securityContext: containerSecurityContext(runAs),
            volumeMounts: definition.volumes.map(volumeMount),
        },
    ];
}

export function podTemplate(definition: ServiceDefinition, options: PodTemplateOptions): PodTemplateSpec {
    const { probes, resources, gpu, runAs } = definition;
    const gpuLimits = gpu ? { [gpu.resourceName]: String(gpu.count) } : {};
    return {
        metadata: { labels: options.labels, annotations: options.annotations },
        spec: {
            // Jarvis services do not call the Kubernetes API.
            automountServiceAccountToken: false,
            // Service links add an environment variable per Service in the namespace; nothing reads them.
            enableServiceLinks: false,
            securityContext: podSecurityContext(runAs),
            terminationGracePeriodSeconds: gracePeriodSeconds(definition),
            topologySpreadConstraints: spreadConstraints(definition, options.selector),
            tolerations: gpu ? [{ key: gpu.resourceName, operator: "Exists", effect: "NoSchedule" }] : undefined,
            initContainers: setupContainers(definition),
            containers: [
                {
                    name: definition.entry.id,
                    image: definition.image,
                    imagePullPolicy: "IfNotPresent",
                    command: definition.command ? [...definition.command] : undefined,
                    args: definition.args ? [...definition.args] : undefined,
                    ports: definition.ports.map((p) => ({ name: p.name, containerPort: p.port, protocol: "TCP" })),
                    env: definition.env.map(kubernetesEnv),
                    resources: {
                        requests: { ...resources.requests },
                        limits: { ...resources.limits, ...gpuLimits },
                    },
                    startupProbe: kubernetesProbe(probes.startup),
                    readinessProbe: kubernetesProbe(probes.readiness),
                    livenessProbe: kubernetesProbe(probes.liveness),
                    lifecycle: lifecycle(definition),
                    securityContext: containerSecurityContext(runAs),
                    volumeMounts: definition.volumes.map(volumeMount),
                },
            ],
            volumes: podVolumes(definition),
        },
    };
}
