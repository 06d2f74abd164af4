/**
 * PostgreSQL and TimescaleDB share one definition: the same image family, entrypoint, data layout,
 * health check and credentials; only the catalog entry, image, port and database differ.
 */
import { CatalogEntry } from "../../catalog/types";
import { JarvisConfig } from "../../config/load";
import { ComputeResources, StorageConfig } from "../../config/schema";
import { PostgresFamilyBackupConfig } from "../../config/sections/backup";
import { backupScripts, backupScriptsMountPath, backupVolume, walArchiveDir } from "./backupFiles";
import { persistentVolume, probesFor, scratchVolume } from "./common";
import { withStreamingReplication } from "./postgresReplication";
import { ServiceDefinition } from "./types";

export interface PostgresFamilyOptions {
    readonly entry: CatalogEntry;
    readonly config: JarvisConfig;
    readonly service: {
        readonly image: string;
        readonly replicas: number;
        readonly storage: StorageConfig;
        readonly resources?: ComputeResources;
        /** Ordinal of the primary when replicated (postgresReplication.ts). */
        readonly primary?: number;
    };
    /** Name of the application database. */
    readonly database: string;
    /** The store's backup settings (backup volume, archive timeout). */
    readonly backup: PostgresFamilyBackupConfig;
}

/** Where the server reads its client authentication rules. */
const serverConfigMountPath = "/etc/jarvis/postgres";

/**
 * Continuous archiving: every WAL segment is copied to the backup volume as soon as it is complete,
 * and a segment is forced complete at least every `archiveTimeoutSeconds`, which bounds the data a
 * lost volume can take with it (the RPO). `wal_level=replica` also lets pg_basebackup run.
 *
 * After a (re)start the checkpointer, which enforces archive_timeout, first sleeps a whole
 * checkpoint_timeout (measured on PostgreSQL 15: the first forced switch came 61 s after start with
 * 60 s, 91 s with the default 300 s). checkpoint_timeout is therefore bounded by the archive timeout
 * (PostgreSQL's minimum is 30 s), and full-page images are compressed to offset the more frequent
 * checkpoints.
 */
export function walArchivingSettings(options: { scriptsDir: string; archiveTimeoutSeconds: number }): Record<string, string> {
    return {
        wal_level: "replica",
        archive_mode: "on",
        archive_timeout: `${options.archiveTimeoutSeconds}s`,
        archive_command: `${options.scriptsDir}/pg-wal-archive.sh %p %f`,
        checkpoint_timeout: `${Math.max(30, options.archiveTimeoutSeconds)}s`,
        wal_compression: "on",
    };
}

/** Longest time between a write and its segment reaching the archive, even just after a restart. */
export function worstCaseArchiveLagSeconds(archiveTimeoutSeconds: number): number {
    return Math.max(30, archiveTimeoutSeconds);
}

/**
 * Client authentication: the image's rules plus replication connections with a password, which
 * pg_basebackup needs from the backup jobs (the image's `host all all all` does not match them).
 */
export const postgresHbaConf = [
    "# TYPE  DATABASE     USER  ADDRESS  METHOD",
    "# The pod's own socket: the entrypoint's initialisation and `kubectl exec psql`.",
    "local   all          all            trust",
    "host    all          all   all      scram-sha-256",
    "host    replication  all   all      scram-sha-256",
    "",
].join("\n");

/** `-c name=value` arguments of the server. */
function serverArgs(settings: Record<string, string>): string[] {
    return Object.entries(settings).flatMap(([name, value]) => ["-c", `${name}=${value}`]);
}

/** User the application connects as; not a credential by itself (the password is generated). */
export const postgresUser = "jarvis";

/** Secret holding a PostgreSQL-family service's credentials. */
export function postgresSecretName(entry: CatalogEntry): string {
    return `${entry.id}-credentials`;
}

/** A PostgreSQL-family service: one server, or a primary and hot standbys when replicated. */
export function postgresFamilyDefinition(options: PostgresFamilyOptions): ServiceDefinition {
    return withStreamingReplication(standaloneDefinition(options), {
        primary: options.service.primary ?? 0,
        dataVolumeSize: options.service.storage.size,
    });
}

function standaloneDefinition({ entry, config, service, database, backup }: PostgresFamilyOptions): ServiceDefinition {
    const secretName = postgresSecretName(entry);
    const dataDir = "/var/lib/postgresql/data";
    return {
        entry,
        image: service.image,
        replicas: service.replicas,
        // The catalog port is set on the server itself so that clients and probes agree on it.
        args: serverArgs({
            port: String(entry.port),
            hba_file: `${serverConfigMountPath}/pg_hba.conf`,
            ...walArchivingSettings({ scriptsDir: backupScriptsMountPath, archiveTimeoutSeconds: backup.archiveTimeoutSeconds }),
        }),
        ports: [{ name: "postgres", port: entry.port }],
        env: [
            { name: "POSTGRES_USER", secret: { name: secretName, key: "username" } },
            { name: "POSTGRES_PASSWORD", secret: { name: secretName, key: "password" } },
            { name: "POSTGRES_DB", secret: { name: secretName, key: "database" } },
            // A subdirectory: the volume's root may hold lost+found, which initdb refuses.
            { name: "PGDATA", value: `${dataDir}/pgdata` },
            { name: "PGPORT", value: String(entry.port) },
            // Read by the archive command, which the server runs with its own environment.
            { name: "WAL_ARCHIVE_DIR", value: walArchiveDir },
        ],
        probes: probesFor(entry),
        volumes: [
            persistentVolume(config, service.storage, "data", dataDir),
            // Apart from the data volume: losing one of them never loses both the data and its archive.
            backupVolume({ size: backup.volumeSize, storageClass: service.storage.storageClass ?? config.storageClass, readOnly: false }),
            { kind: "files", name: "archive-scripts", mountPath: backupScriptsMountPath, files: backupScripts(["lib.sh", "pg-wal-archive.sh"]), executable: true },
            { kind: "files", name: "server-config", mountPath: serverConfigMountPath, files: { "pg_hba.conf": postgresHbaConf } },
            scratchVolume("run", "/var/run/postgresql", "16Mi", true),
            scratchVolume("tmp", "/tmp", "1Gi"),
        ],
        resources: service.resources ?? {
            requests: { cpu: "250m", memory: "512Mi" },
            limits: { cpu: "2", memory: "2Gi" },
        },
        // The official image's `postgres` user.
        runAs: { user: 999, group: 999, readOnlyRootFilesystem: true },
        credentials: { secretName, generated: ["password"], fixed: { username: postgresUser, database } },
        // A fast shutdown checkpoints before exiting; give it time rather than a SIGKILL.
        terminationGracePeriodSeconds: 60,
    };
}
