/**
 * Streaming replication of the PostgreSQL family, active only with more than one replica: one pod
 * (ordinal `primary`, 0 unless failed over) is the primary and receives the clients; the others are
 * hot standbys (`hot_standby` is on by default) that clone it once with pg_basebackup, then stream
 * its WAL through a replication slot of their own. Two independent servers would be two different
 * databases; a standby is a copy of the one database, a promotion away from taking over.
 *
 * Failover is manual (docs/postgres-replication.md): promoting a standby safely needs something that
 * fences the old primary first, i.e. an operator such as Patroni or CloudNativePG, which is out of
 * scope here.
 */
import { CatalogEntry } from "../../catalog/types";
import { scriptText } from "../release/scripts";
import { ServiceDefinition } from "./types";

/** The role standbys stream as: LOGIN REPLICATION only, not the superuser the application uses. */
export const replicationUser = "replicator";
/** Credential keys of the replication role, beside the superuser's. */
export const replicationKeys = { username: "replication-username", password: "replication-password" } as const;

const script = "postgres-replication.sh";
/**
 * The official image's entrypoint runs this folder's scripts on a new primary's first start; the
 * init container runs the same script from there before every start.
 */
export const initdbDir = "/docker-entrypoint-initdb.d";
/** Name of the shipped-files volume (and, rendered on Kubernetes, of its ConfigMap's suffix). */
export const replicationVolume = "replication";

/** Stable DNS name of one replica: the StatefulSet's pod behind its headless Service. */
export function replicaHost(entry: CatalogEntry, ordinal: number): string {
    return `${entry.id}-${ordinal}.${entry.id}-headless`;
}

const megabytesPer: Readonly<Record<string, number>> = {
    k: 1e3 / 2 ** 20,
    M: 1e6 / 2 ** 20,
    G: 1e9 / 2 ** 20,
    T: 1e12 / 2 ** 20,
    Ki: 1 / 2 ** 10,
    Mi: 1,
    Gi: 2 ** 10,
    Ti: 2 ** 20,
};

/** A storage quantity (`200Gi`) in PostgreSQL's MB (mebibytes). */
function megabytes(size: string): number {
    const match = /^([0-9]+(?:\.[0-9]+)?)(k|M|G|T|Ki|Mi|Gi|Ti)?$/.exec(size);
    const factor = match ? (match[2] === undefined ? 1 / 2 ** 20 : megabytesPer[match[2]]) : undefined;
    if (!match || factor === undefined) throw new Error(`not a storage size: ${size}`);
    return Number(match[1]) * factor;
}

/**
 * A slot keeps WAL on the primary's data volume until its standby received it: a standby gone for
 * good (scaled down, never rebuilt) would fill the volume and stop the primary. Past a quarter of the
 * volume the slot is invalidated instead; that standby then needs a rebuild, the primary lives on.
 */
export function slotWalLimitMegabytes(dataVolumeSize: string): number {
    return Math.max(1024, Math.floor(megabytes(dataVolumeSize) / 4));
}

export interface ReplicationOptions {
    /** Ordinal of the primary. */
    readonly primary: number;
    /** Size of the data volume, which also holds the WAL slots retain. */
    readonly dataVolumeSize: string;
}

/** The definition with a primary and hot standbys when it has more than one replica; unchanged otherwise. */
export function withStreamingReplication(definition: ServiceDefinition, options: ReplicationOptions): ServiceDefinition {
    if (definition.replicas < 2) return definition;
    const { entry, credentials } = definition;
    if (!credentials) throw new Error(`${entry.id}: replication needs the service's credentials`);
    const secret = (key: string) => ({ name: credentials.secretName, key });
    return {
        ...definition,
        args: [...(definition.args ?? []), "-c", `max_slot_wal_keep_size=${slotWalLimitMegabytes(options.dataVolumeSize)}MB`],
        env: [
            ...definition.env,
            { name: "PRIMARY_POD", value: `${entry.id}-${options.primary}` },
            { name: "PRIMARY_HOST", value: replicaHost(entry, options.primary) },
            { name: "REPLICATION_USER", secret: secret(replicationKeys.username) },
            { name: "REPLICATION_PASSWORD", secret: secret(replicationKeys.password) },
        ],
        volumes: [
            ...definition.volumes,
            { kind: "files", name: replicationVolume, mountPath: initdbDir, files: { [script]: scriptText(script) }, executable: true },
        ],
        setup: { name: "replication-setup", command: ["bash", `${initdbDir}/${script}`] },
        primaryReplica: options.primary,
        credentials: {
            ...credentials,
            generated: [...credentials.generated, replicationKeys.password],
            fixed: { ...credentials.fixed, [replicationKeys.username]: replicationUser },
        },
    };
}
