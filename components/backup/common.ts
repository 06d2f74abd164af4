/**
 * Pieces every store's backups share: the backup claim, the environment the scripts read, the
 * steps that stop and restart writers around a restore, and the off-site copy.
 */
import * as pulumi from "@pulumi/pulumi";
import { objectivesOf, platformServices } from "../../catalog/services";
import { CatalogEntry, ServiceId } from "../../catalog/types";
import { cronEvery } from "../../config/cron";
import { JarvisConfig } from "../../config/load";
import { backupMountPath, backupVolumeName } from "../definitions/backupFiles";
import { ServiceDefinition } from "../definitions/types";
import { BackupSchedule, BackupScheduleArgs, JobClaim, JobEnvVar, JobStep, jobResources, storePodName, storePodSelector } from "./schedule";

export interface StoreBackupArgs {
    /** The validated stack configuration. */
    readonly config: JarvisConfig;
    readonly namespace: pulumi.Input<string>;
    /** The store's service definition: image, identity, resources, credentials. */
    readonly definition: ServiceDefinition;
    /** Service account of the restore jobs (scales writers and stores). */
    readonly restoreServiceAccount: pulumi.Input<string>;
}

/** The store's backup claim, created by its StatefulSet's claim template (ordinal 0). */
export function backupClaim(definition: ServiceDefinition, readOnly: boolean): JobClaim {
    return { name: backupVolumeName, claimName: `${backupVolumeName}-${storePodName(definition)}`, mountPath: backupMountPath, readOnly };
}

/** The store's data claim (of its primary when replicated), for jobs that read or replace its files. */
export function dataClaim(definition: ServiceDefinition, mountPath: string, readOnly: boolean): JobClaim {
    return { name: "data", claimName: `data-${storePodName(definition)}`, mountPath, readOnly };
}

/** Where complete backups are copied off site, when a bucket is configured (never credentials). */
export function offsiteDestination(config: JarvisConfig): string | undefined {
    const offsite = config.backup.offsite;
    return offsite ? `s3://${offsite.bucket}/${offsite.prefix}/` : undefined;
}

/** Where the scripts keep a store's backups, and for how long. */
export function backupEnv(config: JarvisConfig, entry: CatalogEntry, keepAllHours: number): JobEnvVar[] {
    return [
        { name: "BACKUP_ROOT", value: backupMountPath },
        { name: "BACKUP_ENVIRONMENT", value: config.environment },
        { name: "BACKUP_COMPONENT", value: entry.id },
        { name: "RETENTION_DAYS", value: String(config.backup.retentionDays) },
        { name: "KEEP_ALL_HOURS", value: String(keepAllHours) },
    ];
}

/** Label selector of the services that write to a store (from the catalog's real dependencies). */
export function writerSelector(entry: CatalogEntry): string | undefined {
    const writers = platformServices().filter((s) => s.dependsOn.includes(entry.id as ServiceId));
    return writers.length > 0 ? `app.kubernetes.io/name in (${writers.map((w) => w.id).join(",")})` : undefined;
}

/**
 * The runbook's recovery: stop the writers (and, for a point-in-time recovery, the store), restore
 * and validate, then start everything again. Start only runs if the restore succeeded: after a
 * failed restore the writers stay stopped for an operator to decide.
 */
export function aroundRestore(config: JarvisConfig, entry: CatalogEntry, restore: JobStep, stopStore: boolean): JobStep[] {
    const selector = writerSelector(entry);
    if (!selector && !stopStore) return [restore];
    const env: JobEnvVar[] = [
        { name: "WRITER_SELECTOR", value: selector ?? "" },
        { name: "STOP_STATEFULSET", value: stopStore ? entry.id : "" },
        { name: "WAIT_TIMEOUT", value: "300s" },
    ];
    const tools = config.backup.toolsImage;
    return [
        { name: "stop-writers", image: tools, script: "stop-writers.sh", env, resources: jobResources.light, mountClaims: false, needsKubernetesApi: true },
        restore,
        { name: "start-writers", image: tools, script: "start-writers.sh", env, resources: jobResources.light, mountClaims: false, needsKubernetesApi: true },
    ];
}

/** How an operator starts an on-demand job with its parameters (a suspended CronJob cannot take arguments). */
export function usageOf(objectName: string, container: string, variables: string): string {
    return (
        `kubectl create job ${objectName}-$(date +%s) --from=cronjob/${objectName} --dry-run=client -o yaml | ` +
        `kubectl set env --local -f - -c ${container} ${variables} -o yaml | kubectl apply -f -`
    );
}

/** What every job of a store carries: its identity, namespace, off-site destination and how its RPO is kept. */
export type StoreJobDefaults = Pick<BackupScheduleArgs, "entry" | "environment" | "namespace" | "runAs" | "offsite" | "annotations">;

/** The defaults of a store's jobs; `rpoMechanism` tells auditors what keeps the store's RPO. */
export function storeJobDefaults(args: StoreBackupArgs, rpoMechanism: string): StoreJobDefaults {
    return {
        entry: args.definition.entry,
        environment: args.config.environment,
        namespace: args.namespace,
        runAs: args.definition.runAs,
        offsite: offsiteDestination(args.config),
        annotations: { "jarvis.io/rpo-mechanism": rpoMechanism },
    };
}

/**
 * A store's scheduled snapshot (Redis, Qdrant): one step on the store's node, which holds its
 * ReadWriteOnce claims, killed after 30 minutes, not retried (the next run comes within the RPO).
 */
export function snapshotSchedule(
    name: string,
    args: StoreBackupArgs,
    defaults: StoreJobDefaults,
    options: { readonly description: string; readonly schedule: string; readonly step: JobStep; readonly claims: readonly JobClaim[] },
    parent: pulumi.Resource,
): BackupSchedule {
    return new BackupSchedule(
        `${name}-snapshot`,
        {
            ...defaults,
            purpose: "snapshot",
            description: options.description,
            schedule: options.schedule,
            steps: [options.step],
            claims: options.claims,
            colocate: { selector: storePodSelector(args.definition), required: true },
            activeDeadlineSeconds: 1800,
            backoffLimit: 0,
        },
        { parent },
    );
}

/**
 * A store's on-demand restore: a suspended CronJob started with a backup id, the restore step
 * between stopping and restarting the writers, the backup claim read-only, on the store's node
 * when it can (the store may be down), for at most twice the tier's RTO, no retry.
 */
export function restoreSchedule(
    name: string,
    args: StoreBackupArgs,
    defaults: StoreJobDefaults,
    options: { readonly description: string; readonly schedule: string; readonly restore: JobStep; readonly scratchSize?: string },
    parent: pulumi.Resource,
): BackupSchedule {
    const entry = args.definition.entry;
    return new BackupSchedule(
        `${name}-restore`,
        {
            ...defaults,
            purpose: "restore",
            description: options.description,
            schedule: options.schedule,
            suspended: true,
            usage: usageOf(`${entry.id}-restore`, "restore", "BACKUP_ID=<backup id | latest>"),
            steps: aroundRestore(args.config, entry, options.restore, false),
            claims: [backupClaim(args.definition, true)],
            colocate: { selector: storePodSelector(args.definition), required: false },
            serviceAccountName: args.restoreServiceAccount,
            scratchSize: options.scratchSize,
            activeDeadlineSeconds: restoreDeadlineSeconds(entry),
            backoffLimit: 0,
        },
        { parent },
    );
}

/** Runs a restore job for at most twice the tier's RTO: beyond it the objective is lost anyway, and an operator must look. */
export function restoreDeadlineSeconds(entry: CatalogEntry): number {
    return Math.max(1800, 2 * objectivesOf(entry.id).rtoSeconds);
}

/**
 * Copies the store's backup volume off site as often as its tier's RPO, so that losing the whole
 * cluster loses no more than losing a volume would. Nothing when no off-site storage is configured.
 */
export function offsiteCopy(name: string, args: StoreBackupArgs, parent: pulumi.Resource): BackupSchedule | undefined {
    const { config, definition } = args;
    const offsite = config.backup.offsite;
    if (!offsite) return undefined;
    const entry = definition.entry;
    const rpo = objectivesOf(entry.id).rpoSeconds;
    const credentials = (variable: string) => ({ name: variable, optionalSecret: { name: offsite.credentialsSecret, key: variable } });
    return new BackupSchedule(
        `${name}-offsite`,
        {
            entry,
            environment: config.environment,
            namespace: args.namespace,
            purpose: "offsite",
            description: `Copies ${entry.displayName}'s complete backups to s3://${offsite.bucket}/${offsite.prefix}/ every ${rpo / 60} min (its tier's RPO).`,
            schedule: cronEvery(rpo),
            runAs: definition.runAs,
            steps: [
                {
                    name: "offsite",
                    image: config.backup.toolsImage,
                    script: "offsite-sync.sh",
                    env: [
                        ...backupEnv(config, entry, 24),
                        { name: "OFFSITE_ENDPOINT", value: offsite.endpoint },
                        { name: "OFFSITE_BUCKET", value: offsite.bucket },
                        { name: "OFFSITE_PREFIX", value: offsite.prefix },
                        { name: "AWS_REGION", value: offsite.region },
                        credentials("AWS_ACCESS_KEY_ID"),
                        credentials("AWS_SECRET_ACCESS_KEY"),
                    ],
                    resources: jobResources.medium,
                },
            ],
            claims: [backupClaim(args.definition, true)],
            colocate: { selector: storePodSelector(args.definition), required: true },
            activeDeadlineSeconds: 6 * 3600,
            backoffLimit: 0,
        },
        { parent },
    );
}
