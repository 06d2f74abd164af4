/**
 * A service's definition, independent of where it runs: image, ports, environment, probes, volumes,
 * resources and the credentials it needs. The Kubernetes renderer (and later a Docker target) turn
 * the same definition into their own objects.
 */
import { CatalogEntry } from "../../catalog/types";
import { ComputeResources, GpuConfig } from "../../config/schema";

/** An environment variable: a literal, or a key of a credentials secret (never a literal credential). */
export type EnvVar =
    | { readonly name: string; readonly value: string }
    | { readonly name: string; readonly secret: { readonly name: string; readonly key: string } };

/** What a probe runs. */
export type ProbeAction =
    | { readonly exec: readonly string[] }
    | { readonly httpGet: { readonly path: string; readonly port: number } }
    | { readonly tcpSocket: { readonly port: number } };

export interface ProbeTiming {
    readonly periodSeconds: number;
    readonly timeoutSeconds: number;
    readonly failureThreshold: number;
    readonly initialDelaySeconds?: number;
    /** Grace period of a kill this probe causes, instead of the pod's (a hung process has nothing to drain). */
    readonly terminationGracePeriodSeconds?: number;
}

export interface Probe extends ProbeTiming {
    readonly action: ProbeAction;
}

export interface Probes {
    /** Gates traffic: the runbook's wait-for-service check. */
    readonly readiness: Probe;
    /** Restarts a hung process. */
    readonly liveness: Probe;
    /** Holds liveness off while the service starts (first init, model loading). */
    readonly startup: Probe;
}

/** A volume and where it is mounted. */
export type VolumeDefinition =
    | {
          /** Data that must survive restarts: a persistent volume claim per replica. */
          readonly kind: "persistent";
          readonly name: string;
          readonly mountPath: string;
          readonly size: string;
          readonly storageClass: string;
          /** Mounted read-only: the service keeps the volume on its node for others (backup jobs) to write. */
          readonly readOnly?: boolean;
      }
    | {
          /** Scratch space the process must write (the root filesystem is read-only). */
          readonly kind: "scratch";
          readonly name: string;
          readonly mountPath: string;
          readonly sizeLimit: string;
          /** Memory-backed (tmpfs), for sockets and lock files. */
          readonly memory?: boolean;
      }
    | {
          /** Read-only files shipped with the service (scripts, server configuration), by file name. */
          readonly kind: "files";
          readonly name: string;
          readonly mountPath: string;
          readonly files: Readonly<Record<string, string>>;
          /** The files are programs the service runs (an init script, an archive command). */
          readonly executable?: boolean;
      };

/**
 * A step run to completion before every start of the service, in its image, with its environment
 * and volumes. No health probe watches it, so it may take as long as it needs (cloning a database).
 */
export interface SetupStep {
    readonly name: string;
    readonly command: readonly string[];
}

/** A credential set generated at deploy time and delivered as a secret. */
export interface CredentialsDefinition {
    /** Name of the secret that holds the credentials. */
    readonly secretName: string;
    /** Keys whose values are generated random passwords. */
    readonly generated: readonly string[];
    /** Keys with fixed, non-sensitive values stored beside them (a user name, a database name). */
    readonly fixed?: Readonly<Record<string, string>>;
}

/** Identity the container runs as. */
export interface RunAs {
    readonly user: number;
    readonly group: number;
    /** False only where the image must write outside its volumes. */
    readonly readOnlyRootFilesystem: boolean;
}

/** Everything needed to run one service, whatever the target. */
export interface ServiceDefinition {
    readonly entry: CatalogEntry;
    readonly image: string;
    readonly replicas: number;
    readonly command?: readonly string[];
    readonly args?: readonly string[];
    /** Named ports; the first is the service's main port from the catalog. */
    readonly ports: readonly { readonly name: string; readonly port: number }[];
    readonly env: readonly EnvVar[];
    readonly probes: Probes;
    readonly volumes: readonly VolumeDefinition[];
    readonly resources: ComputeResources;
    readonly gpu?: GpuConfig;
    readonly runAs: RunAs;
    /** Credentials this service owns (generated once, read by itself and its clients). */
    readonly credentials?: CredentialsDefinition;
    /** Seconds the process may take to finish in-flight work after SIGTERM. */
    readonly terminationGracePeriodSeconds: number;
    /**
     * Seconds a terminating pod keeps serving before SIGTERM, while its endpoint is removed from
     * Services and the ingress controller (no new requests arrive after it). Adds to the grace period.
     */
    readonly preStopDelaySeconds?: number;
    /** Facts about the service for auditors (such as why its data is exempt from backup). */
    readonly annotations?: Readonly<Record<string, string>>;
    /** Runs before the service starts (a standby cloning its primary). */
    readonly setup?: SetupStep;
    /**
     * Ordinal of the only replica clients reach: the others are standbys streaming from it (a
     * database's primary). Absent when every replica serves clients alike.
     */
    readonly primaryReplica?: number;
}
