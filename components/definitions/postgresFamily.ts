/**
 * PostgreSQL and TimescaleDB share one definition: the same image family, entrypoint, data layout,
 * health check and credentials; only the catalog entry, image, port and database differ.
 */
import { CatalogEntry } from "../../catalog/types";
import { JarvisConfig } from "../../config/load";
import { ComputeResources, StorageConfig } from "../../config/schema";
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

function standaloneDefinition({ entry, config, service, database }: PostgresFamilyOptions): ServiceDefinition {
    const secretName = postgresSecretName(entry);
    const dataDir = "/var/lib/postgresql/data";
    return {
        entry,
        image: service.image,
        replicas: service.replicas,
        // The catalog port is set on the server itself so that clients and probes agree on it.
        args: ["-c", `port=${entry.port}`],
        ports: [{ name: "postgres", port: entry.port }],
        env: [
            { name: "POSTGRES_USER", secret: { name: secretName, key: "username" } },
            { name: "POSTGRES_PASSWORD", secret: { name: secretName, key: "password" } },
            { name: "POSTGRES_DB", secret: { name: secretName, key: "database" } },
            // A subdirectory: the volume's root may hold lost+found, which initdb refuses.
            { name: "PGDATA", value: `${dataDir}/pgdata` },
            { name: "PGPORT", value: String(entry.port) },
        ],
        probes: probesFor(entry),
        volumes: [
            persistentVolume(config, service.storage, "data", dataDir),
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
