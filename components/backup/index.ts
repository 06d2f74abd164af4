/**
 * Every backup of the platform: the scripts' ConfigMap, the restore jobs' access, the off-site
 * credentials when given, and each store's backups (PostgreSQL, Redis, Qdrant, TimescaleDB).
 * Ollama's models are exempt (re-downloadable); its StatefulSet says so to auditors.
 */
import * as pulumi from "@pulumi/pulumi";
import { JarvisConfig } from "../../config/load";
import { ServiceDefinition } from "../definitions/types";
import { OffsiteCredentials } from "./offsite";
import { PostgresBackups } from "./postgres";
import { QdrantBackups } from "./qdrant";
import { RedisBackups } from "./redis";
import { RestoreAccess } from "./restoreAccess";
import { BackupScripts } from "./scripts";

export interface BackupsArgs {
    /** The validated stack configuration. */
    readonly config: JarvisConfig;
    /** Namespace of every object (the Namespace resource's name, so objects wait for it). */
    readonly namespace: pulumi.Input<string>;
    /** Definitions of the stores backed up. */
    readonly stores: {
        readonly postgres: ServiceDefinition;
        readonly redis: ServiceDefinition;
        readonly qdrant: ServiceDefinition;
        readonly timescale: ServiceDefinition;
    };
}

export class Backups extends pulumi.ComponentResource {
    readonly postgres: PostgresBackups;
    readonly timescale: PostgresBackups;
    readonly redis: RedisBackups;
    readonly qdrant: QdrantBackups;

    constructor(name: string, args: BackupsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("jarvis:backup:Backups", name, {}, opts);
        const { config, namespace, stores } = args;
        const environment = config.environment;
        const scripts = new BackupScripts(`${name}-scripts`, { namespace, environment }, { parent: this });
        const access = new RestoreAccess(`${name}-restore-access`, { namespace, environment, statefulSets: ["postgres", "timescale"] }, { parent: this });
        const after = { parent: this, dependsOn: [scripts] };

        const offsite = config.backup.offsite;
        if (offsite && config.backupS3AccessKeyId && config.backupS3SecretAccessKey) {
            new OffsiteCredentials(
                `${name}-offsite-credentials`,
                { namespace, environment, secretName: offsite.credentialsSecret, accessKeyId: config.backupS3AccessKeyId, secretAccessKey: config.backupS3SecretAccessKey },
                { parent: this },
            );
        } else if (offsite) {
            pulumi.log.info(
                `off-site copy: no jarvis:backupS3AccessKeyId/backupS3SecretAccessKey in config; the copy jobs read Secret ${offsite.credentialsSecret} (operator-managed) or the pods' workload identity`,
                this,
            );
        }

        const restoreServiceAccount = access.serviceAccount.metadata.name;
        const common = { config, namespace, restoreServiceAccount };
        this.postgres = new PostgresBackups(
            `${name}-postgres`,
            { ...common, definition: stores.postgres, backup: config.backup.postgres, timescale: false },
            after,
        );
        this.timescale = new PostgresBackups(
            `${name}-timescale`,
            { ...common, definition: stores.timescale, backup: config.backup.timescale, timescale: true },
            after,
        );
        this.redis = new RedisBackups(`${name}-redis`, { ...common, definition: stores.redis }, after);
        this.qdrant = new QdrantBackups(`${name}-qdrant`, { ...common, definition: stores.qdrant }, after);
        this.registerOutputs({ scripts: scripts.configMap.metadata.name });
    }
}
