/**
 * The schema migration of a backend image, as the runbook's migration maintenance runs it: first a
 * backup of the database, then `alembic upgrade head` (or the configured command) in the new image.
 * One Job per image, named after a hash of what it runs: a new image migrates once; an image
 * already migrated keeps its completed Job and runs nothing. The color's Deployment waits for it,
 * so no pod of a new image starts on an unmigrated schema.
 *
 * The dump goes to a persistent volume (an emptyDir would vanish with the pod, taking the backup
 * with it), where the newest dumps are kept.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ServiceDefinition } from "../definitions/types";
import { jobPodLabels, serviceLabels, versionOf } from "../kubernetes/labels";
import { kubernetesEnv, scratchVolumes } from "../kubernetes/podTemplate";
import { containerSecurityContext } from "../kubernetes/securityContext";
import { awaitedJob } from "./awaitedJob";
import { shortHash } from "./hash";
import { scriptText, shellCommand } from "./scripts";

/** Where the backup volume is mounted in the backup container. */
const backupDir = "/backups";

/** A large database takes a while to dump; a migration rewrites tables. */
const migrationTimeoutMinutes = 60;

export interface MigrationJobArgs {
    /** The service migrating (the backend), with the image to migrate to. */
    readonly definition: ServiceDefinition;
    /** Command run in that image. */
    readonly command: readonly string[];
    /** The database backed up first (PostgreSQL): its image (a matching pg_dump), user, port and credentials. */
    readonly database: ServiceDefinition;
    /** Claim of the volume the dumps go to. */
    readonly backupClaimName: pulumi.Input<string>;
    /** How many dumps to keep on it. */
    readonly keepBackups: number;
    /** Namespace of the Job. */
    readonly namespace: pulumi.Input<string>;
    /** Environment name, written as a label. */
    readonly environment: string;
}

type MigrationIdentity = Pick<MigrationJobArgs, "definition" | "command" | "database">;

/** Identifies a migration by what it runs: the image, the command and the backup (image and script). */
export function migrationId(args: MigrationIdentity): string {
    return shortHash(args.definition.image, JSON.stringify(args.command), args.database.image, scriptText("pre-migration-backup.sh"));
}

/** The Job's name: the service, then the migration's id. */
export function migrationJobName(args: MigrationIdentity): string {
    return `${args.definition.entry.id}-migrate-${migrationId(args)}`;
}

export class MigrationJob extends pulumi.ComponentResource {
    readonly job: k8s.batch.v1.Job;

    constructor(name: string, args: MigrationJobArgs, opts?: pulumi.ComponentResourceOptions) {
        super("jarvis:release:MigrationJob", name, {}, opts);
        const { definition, database } = args;
        const entry = definition.entry;
        const credentials = database.credentials?.secretName;
        if (!credentials) throw new Error(`${database.entry.id}: the pre-migration backup needs the database's credentials secret`);
        const id = migrationId(args);
        const jobName = migrationJobName(args);
        const secret = (key: string) => ({ name: credentials, key });
        const labels = {
            ...serviceLabels(entry, args.environment, { component: `${entry.id}-migration`, image: definition.image }),
            ...jobPodLabels("migration", entry.id),
        };

        const backup: k8s.types.input.core.v1.Container = {
            name: "pre-migration-backup",
            image: database.image,
            imagePullPolicy: "IfNotPresent",
            command: shellCommand("pre-migration-backup.sh"),
            env: [
                { name: "PGHOST", value: database.entry.id },
                { name: "PGPORT", value: String(database.entry.port) },
                ...[
                    { name: "PGUSER", secret: secret("username") },
                    { name: "PGPASSWORD", secret: secret("password") },
                    { name: "PGDATABASE", secret: secret("database") },
                ].map(kubernetesEnv),
                { name: "BACKUP_DIR", value: backupDir },
                // The dump is named after the version that migrates and this Job.
                { name: "BACKUP_LABEL", value: `${versionOf(definition.image)}-${id}` },
                { name: "BACKUP_KEEP", value: String(args.keepBackups) },
            ],
            resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "1", memory: "1Gi" } },
            securityContext: containerSecurityContext(database.runAs),
            volumeMounts: [
                { name: "backups", mountPath: backupDir },
                { name: "backup-tmp", mountPath: "/tmp" },
            ],
        };
        const migrate: k8s.types.input.core.v1.Container = {
            name: "migrate",
            image: definition.image,
            imagePullPolicy: "IfNotPresent",
            command: [...args.command],
            // The service's own environment: the migration reaches the database exactly as the service does.
            env: definition.env.map(kubernetesEnv),
            resources: { requests: { ...definition.resources.requests }, limits: { ...definition.resources.limits } },
            securityContext: containerSecurityContext(definition.runAs),
            volumeMounts: definition.volumes.map((v) => ({ name: v.name, mountPath: v.mountPath })),
        };

        this.job = awaitedJob(
            name,
            {
                jobName,
                namespace: args.namespace,
                labels,
                deadlineSeconds: migrationTimeoutMinutes * 60,
                // The backup volume is written by the database's user (the init container).
                runAs: database.runAs,
                initContainers: [backup],
                containers: [migrate],
                volumes: [
                    { name: "backups", persistentVolumeClaim: { claimName: args.backupClaimName } },
                    { name: "backup-tmp", emptyDir: { sizeLimit: "64Mi" } },
                    ...scratchVolumes(definition.volumes),
                ],
            },
            {
                parent: this,
                // Children do not inherit a component's dependencies, and a Job runs once: it must not
                // start before the database it backs up and migrates is ready.
                dependsOn: opts?.dependsOn,
                customTimeouts: { create: `${migrationTimeoutMinutes + 5}m`, update: `${migrationTimeoutMinutes + 5}m` },
            },
        );
        this.registerOutputs({ job: this.job.metadata.name });
    }
}

export interface BackupClaimArgs {
    readonly name: string;
    readonly size: string;
    readonly storageClass: string;
    readonly namespace: pulumi.Input<string>;
    readonly labels: Record<string, string>;
    /** Keep the claim (and the dumps) when the stack no longer declares it (production). */
    readonly protect: boolean;
}

/** The volume the pre-migration dumps are kept on. */
export function preMigrationBackupClaim(resourceName: string, args: BackupClaimArgs, opts: pulumi.CustomResourceOptions): k8s.core.v1.PersistentVolumeClaim {
    return new k8s.core.v1.PersistentVolumeClaim(
        resourceName,
        {
            metadata: { name: args.name, namespace: args.namespace, labels: args.labels },
            spec: {
                accessModes: ["ReadWriteOnce"],
                storageClassName: args.storageClass,
                resources: { requests: { storage: args.size } },
            },
        },
        { ...opts, protect: args.protect },
    );
}
