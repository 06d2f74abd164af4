/**
 * The building block every backup, verification, maintenance and restore job uses: one CronJob
 * rendered from a small spec, with the rules each of them must follow. It never runs two at once
 * (concurrencyPolicy Forbid), gives up on a run that could not start in time, keeps a short
 * history, has requests and limits, runs under the workloads' restrictive security context with a
 * read-only root filesystem, and names its service, tier and RPO in labels and annotations.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { formatDuration } from "../../catalog/duration";
import { backedUpStores, backupCronJobName } from "../../catalog/backups";
import { tiers } from "../../catalog/services";
import { CatalogEntry } from "../../catalog/types";
import { worstCaseGapSeconds } from "../../config/cron";
import { startingDeadlineSeconds } from "../../config/sections/backup";
import { ComputeResources } from "../../config/schema";
import { backupScriptsMountPath } from "../definitions/backupFiles";
import { EnvVar, RunAs, ServiceDefinition } from "../definitions/types";
import { labelKeys, selectorLabels, serviceLabels } from "../kubernetes/labels";
import { containerSecurityContext, podSecurityContext } from "../kubernetes/securityContext";
import { podNameLabel } from "../kubernetes/workload";
import { backupScriptsConfigMapName } from "./scripts";

/** An environment variable of a job step; secrets may be optional (credentials an operator may provide otherwise). */
export type JobEnvVar = EnvVar | { readonly name: string; readonly optionalSecret: { readonly name: string; readonly key: string } };

/** One step of a job: a container running one backup script. Steps run in order; a failure stops the job. */
export interface JobStep {
    /** Container name (operators address it: `kubectl set env -c <name>`). */
    readonly name: string;
    readonly image: string;
    /** Script of backup/scripts to run. */
    readonly script: string;
    readonly args?: readonly string[];
    readonly env: readonly JobEnvVar[];
    readonly resources: ComputeResources;
    /** Mount the job's claims (default); steps that only talk to the Kubernetes API do not see the data. */
    readonly mountClaims?: boolean;
    /** The step calls the Kubernetes API: the pod gets the service account's token, others never do. */
    readonly needsKubernetesApi?: boolean;
}

/** A persistent volume claim the job mounts (a store's backup or data claim). */
export interface JobClaim {
    readonly name: string;
    readonly claimName: string;
    readonly mountPath: string;
    readonly readOnly: boolean;
}

export interface BackupScheduleArgs {
    /** The store the job serves. */
    readonly entry: CatalogEntry;
    /** Environment name, written as a label. */
    readonly environment: string;
    readonly namespace: pulumi.Input<string>;
    /** What the job does (basebackup, dump, verify, maintenance, snapshot, offsite, restore, pitr); part of its name. */
    readonly purpose: string;
    /** One sentence for operators and auditors. */
    readonly description: string;
    /** Cron schedule; ignored while suspended. */
    readonly schedule: string;
    /** On-demand jobs (restores) are suspended CronJobs that operators start with `kubectl create job --from`. */
    readonly suspended?: boolean;
    /** How an operator starts it, for suspended jobs. */
    readonly usage?: string;
    /** Identity of every container: the store's, so files on its volumes keep their owner. */
    readonly runAs: RunAs;
    /** Containers, run one after the other. */
    readonly steps: readonly JobStep[];
    /** Claims to mount. */
    readonly claims: readonly JobClaim[];
    /** Co-locate with the store's pod, whose ReadWriteOnce claims are attached to its node. */
    readonly colocate?: { readonly selector: Record<string, string>; readonly required: boolean };
    /** Service account with Kubernetes API rights, for steps that need them; no token otherwise. */
    readonly serviceAccountName?: pulumi.Input<string>;
    /** Size of /tmp (scratch space of the scripts). */
    readonly scratchSize?: string;
    /** Seconds after which a run is killed (a hung job must not block the next ones forever). */
    readonly activeDeadlineSeconds: number;
    /** Retries of a failed run before the job counts as failed (and alerts). */
    readonly backoffLimit: number;
    /** Facts for auditors (the mechanism that keeps the RPO, the worst-case gap...). */
    readonly annotations?: Record<string, string>;
    /** Where this job's backups are copied off site (by the store's offsite job), if anywhere. */
    readonly offsite?: string;
}

/** Purposes whose runs produce a backup (the others verify, maintain, copy or restore). */
const backupPurposes = ["basebackup", "dump", "snapshot"];

/**
 * Name of a job's CronJob: backups follow the catalog's naming contract (`<store>-backup-<kind>`,
 * which the BackupStale alert matches); the other jobs are `<store>-<purpose>`.
 */
export function cronJobName(entry: CatalogEntry, purpose: string): string {
    const store = backedUpStores.find((s) => s === entry.id);
    return store && backupPurposes.includes(purpose) ? backupCronJobName(store, purpose) : `${entry.id}-${purpose}`;
}

/** Requests and limits of the jobs, by weight. */
export const jobResources = {
    light: { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
    medium: { requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "1", memory: "1Gi" } },
    heavy: { requests: { cpu: "250m", memory: "512Mi" }, limits: { cpu: "2", memory: "2Gi" } },
} as const satisfies Record<string, ComputeResources>;

function kubernetesEnv(env: JobEnvVar): k8s.types.input.core.v1.EnvVar {
    if ("value" in env) return { name: env.name, value: env.value };
    if ("secret" in env) return { name: env.name, valueFrom: { secretKeyRef: { name: env.secret.name, key: env.secret.key } } };
    return { name: env.name, valueFrom: { secretKeyRef: { name: env.optionalSecret.name, key: env.optionalSecret.key, optional: true } } };
}

export class BackupSchedule extends pulumi.ComponentResource {
    /** The CronJob. */
    readonly cronJob: k8s.batch.v1.CronJob;

    constructor(name: string, args: BackupScheduleArgs, opts?: pulumi.ComponentResourceOptions) {
        super("jarvis:backup:BackupSchedule", name, {}, opts);
        const { entry, runAs } = args;
        if (args.steps.length === 0) throw new Error(`${name}: a job needs at least one step`);
        const objectName = cronJobName(entry, args.purpose);
        const producesBackup = backupPurposes.includes(args.purpose);
        const objectives = tiers[entry.tier];
        const labels = { ...serviceLabels(entry, args.environment, { component: objectName }), "jarvis.io/backup-purpose": args.purpose };
        const annotations = {
            [labelKeys.service]: entry.id,
            [labelKeys.tier]: entry.tier,
            [labelKeys.rpo]: formatDuration(objectives.rpoSeconds),
            "jarvis.io/description": args.description,
            ...(args.suspended ? {} : { "jarvis.io/worst-case-gap": formatDuration(worstCaseGapSeconds(args.schedule)) }),
            ...(args.usage ? { "jarvis.io/usage": args.usage } : {}),
            ...(producesBackup && args.offsite ? { "jarvis.io/offsite": args.offsite } : {}),
            ...(args.annotations ?? {}),
        };
        // The backup jobs may not run as root, escalate, or write outside their volumes and /tmp.
        const securityContext = containerSecurityContext({ ...runAs, readOnlyRootFilesystem: true });
        const baseMounts = [
            { name: "scripts", mountPath: backupScriptsMountPath, readOnly: true },
            { name: "tmp", mountPath: "/tmp" },
        ];
        const claimMounts = args.claims.map((c) => ({ name: c.name, mountPath: c.mountPath, ...(c.readOnly ? { readOnly: true } : {}) }));
        const container = (step: JobStep): k8s.types.input.core.v1.Container => ({
            name: step.name,
            image: step.image,
            imagePullPolicy: "IfNotPresent",
            command: ["bash", `${backupScriptsMountPath}/${step.script}`, ...(step.args ?? [])],
            // Tools that keep state under $HOME (kubectl, aws) find a writable one.
            env: [{ name: "HOME", value: "/tmp" }, ...step.env.map(kubernetesEnv)],
            resources: { requests: { ...step.resources.requests }, limits: { ...step.resources.limits } },
            securityContext,
            volumeMounts: step.mountClaims === false ? baseMounts : [...baseMounts, ...claimMounts],
        });
        const affinity = args.colocate
            ? args.colocate.required
                ? { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: args.colocate.selector }, topologyKey: "kubernetes.io/hostname" }] } }
                : {
                      podAffinity: {
                          preferredDuringSchedulingIgnoredDuringExecution: [
                              { weight: 100, podAffinityTerm: { labelSelector: { matchLabels: args.colocate.selector }, topologyKey: "kubernetes.io/hostname" } },
                          ],
                      },
                  }
            : undefined;
        const steps = args.steps.map(container);
        const needsApi = args.steps.some((step) => step.needsKubernetesApi === true);
        if (needsApi && args.serviceAccountName === undefined) throw new Error(`${name}: a step calls the Kubernetes API but no service account is given`);
        const serviceAccountName = needsApi ? args.serviceAccountName : undefined;

        this.cronJob = new k8s.batch.v1.CronJob(
            name,
            {
                metadata: { name: objectName, namespace: args.namespace, labels, annotations },
                spec: {
                    schedule: args.schedule,
                    timeZone: "Etc/UTC",
                    suspend: args.suspended ?? false,
                    concurrencyPolicy: "Forbid",
                    startingDeadlineSeconds: startingDeadlineSeconds(args.schedule),
                    successfulJobsHistoryLimit: 3,
                    failedJobsHistoryLimit: 3,
                    jobTemplate: {
                        metadata: { labels, annotations },
                        spec: {
                            backoffLimit: args.backoffLimit,
                            activeDeadlineSeconds: args.activeDeadlineSeconds,
                            template: {
                                metadata: { labels, annotations },
                                spec: {
                                    restartPolicy: "Never",
                                    serviceAccountName,
                                    automountServiceAccountToken: needsApi,
                                    enableServiceLinks: false,
                                    securityContext: podSecurityContext(runAs),
                                    affinity,
                                    initContainers: steps.length > 1 ? steps.slice(0, -1) : undefined,
                                    containers: steps.slice(-1),
                                    volumes: [
                                        { name: "scripts", configMap: { name: backupScriptsConfigMapName, defaultMode: 0o555 } },
                                        { name: "tmp", emptyDir: { sizeLimit: args.scratchSize ?? "1Gi" } },
                                        ...args.claims.map((c) => ({ name: c.name, persistentVolumeClaim: { claimName: c.claimName, ...(c.readOnly ? { readOnly: true } : {}) } })),
                                    ],
                                },
                            },
                        },
                    },
                },
            },
            { parent: this },
        );
        this.registerOutputs({ cronJob: this.cronJob.metadata.name });
    }
}

/** Labels the store's own pods carry (backup jobs co-locate with them). */
export function storePodSelector(definition: ServiceDefinition): Record<string, string> {
    const selector = selectorLabels(definition.entry);
    // A replicated store has one primary: its pod alone holds the claims the jobs mount.
    return definition.primaryReplica === undefined ? selector : { ...selector, [podNameLabel]: storePodName(definition) };
}

/** The store's pod whose volumes the jobs use: the primary's when replicated, else the only one. */
export function storePodName(definition: ServiceDefinition): string {
    return `${definition.entry.id}-${definition.primaryReplica ?? 0}`;
}
