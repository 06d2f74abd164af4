/**
 * Every label, annotation and naming convention the policies read, in one place. Components
 * (and any other source of manifests) align with these; policies/README.md explains each one.
 */

/** Labels every Jarvis object carries (components/kubernetes/labels.ts writes them). */
export const labels = {
    /** Catalog id of the service an object belongs to (`postgres`, `backend`, ...). */
    service: "jarvis.io/service",
    /** Criticality tier: `1`, `2`, `3` or `monitoring`. */
    tier: "jarvis.io/tier",
    /** Recovery time objective as a duration (`5m`, `15m`, `1h`). */
    rto: "jarvis.io/rto",
    /** Recovery point objective as a duration (`1m`, `5m`, `15m`). */
    rpo: "jarvis.io/rpo",
    /** Environment (`staging`, `production`). */
    environment: "jarvis.io/environment",
    /** What a helper object does for its service: see `roles`. */
    role: "jarvis.io/role",
    /** On a backup or restore job: the service (store) whose data it saves or restores; defaults to `jarvis.io/service`. */
    backupOf: "jarvis.io/backup-of",
    /** Kubernetes' recommended component label, accepted as a second way of naming a role. */
    component: "app.kubernetes.io/component",
    /** Kubernetes' recommended name label, used to recognise ingress controllers. */
    name: "app.kubernetes.io/name",
} as const;

/**
 * Job names that tell a role when no label declares one: a name containing `restore` is a restore
 * job, else one containing `backup`, `snapshot` or `dump` is a backup job.
 */
export const roleNamePatterns = { restore: /restore/i, backup: /backup|snapshot|dump/i } as const;

/** Values of `jarvis.io/role` (or `app.kubernetes.io/component`). */
export const roles = {
    /** A CronJob that saves a store's data. */
    backup: "backup",
    /** A Job, or a suspended CronJob, that restores a store from its backups. */
    restore: "restore",
    /** A Service allowed to be of type LoadBalancer or NodePort. */
    ingressController: "ingress-controller",
} as const;

/** Annotations the policies read. */
export const annotations = {
    /** On a stateful workload: why it has no backup (its text is the reason, shown in every report). */
    backupExempt: "jarvis.io/backup-exempt",
    /** Accepted too: the reason in its own annotation, next to `jarvis.io/backup-exempt: "true"`. */
    backupExemptReason: "jarvis.io/backup-exempt-reason",
    /**
     * On a stateful workload with an RPO under the continuous-archiving threshold whose engine has
     * nothing to archive (Qdrant): why scheduled backups alone are accepted. The schedule's worst
     * gap plus its `startingDeadlineSeconds` must still fit the RPO, and the reason is shown in
     * every report.
     */
    scheduledBackupReason: "jarvis.io/scheduled-backup-reason",
    /** On a backup CronJob (or its pod template): how many days backups are kept. */
    retentionDays: "jarvis.io/retention-days",
    /** On a backup CronJob (or its pod template): where backups are copied off-site (a URL or bucket, no credentials). */
    offsite: "jarvis.io/offsite",
} as const;

/** Environment variables of a backup container that state the retention, in days. */
export const retentionEnvVars = ["RETENTION_DAYS", "BACKUP_RETENTION_DAYS"] as const;

/**
 * Environment variables of a backup container that name an off-site destination (the runbook's
 * `BACKUP_STORAGE_URL`, or a bucket). Any of them, with a literal value or a reference, counts.
 */
export const offsiteEnvVars = ["BACKUP_STORAGE_URL", "OFFSITE_URL", "OFFSITE_BUCKET", "BACKUP_BUCKET", "S3_BUCKET", "RCLONE_REMOTE"] as const;

/** `jarvis.io/environment` value, namespace suffix and stack names that mean production (policy config may change them). */
export const production = {
    environment: "production",
    namespaceSuffix: "-production",
    stacks: ["production"],
} as const;

/** Kinds whose pods run a service's workload (as opposed to batch jobs). */
export const workloadKinds = ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod"] as const;

/** Kinds that carry a pod template (workloads and batch jobs). */
export const podKinds = [...workloadKinds, "Job", "CronJob"] as const;

/**
 * Ingress-controller Services may be LoadBalancer or NodePort: those labelled
 * `jarvis.io/role: ingress-controller`, or whose `app.kubernetes.io/name` is one of these.
 */
export const ingressControllerNames = ["ingress-nginx", "traefik", "haproxy-ingress", "contour", "envoy-gateway", "kong"] as const;

/**
 * Prometheus alert rules. Prometheus label names cannot hold `/` or `.`, so a rule names its
 * service with the `service` label (or `jarvis_service`), or inherits the PrometheusRule object's
 * `jarvis.io/service` label, or matches `service="<id>"` (or `job="<id>"`) in its expression. It says what it guards
 * with the `slo` label (`availability` or `latency`); without it, the expression decides: a
 * `histogram_quantile(...)` is a latency alert, a ratio against an error budget `(1 - <objective>)`
 * an availability alert.
 */
export const alertRuleLabels = {
    service: ["service", "jarvis_service"],
    slo: "slo",
} as const;
export const sloKinds = { availability: "availability", latency: "latency" } as const;

/** Container-argument and config-file settings that turn on continuous archiving. */
export const continuousArchiving = {
    /** PostgreSQL: `archive_mode` must be one of these, with an `archive_command` or `archive_library`. */
    postgresArchiveModes: ["on", "always"] as readonly string[],
    /** Archive commands that discard WAL instead of archiving it. */
    postgresDiscardingCommands: ["", "/bin/true", "true", ":", "exit 0"] as readonly string[],
    /** Redis: `appendfsync` values with a bounded loss window (seconds); `everysec` is the default once `appendonly yes`. */
    redisFsyncWindowSeconds: { always: 0, everysec: 1 } as Record<string, number>,
} as const;

/** Images recognised as PostgreSQL-family or Redis-family servers. */
export const storeImages = {
    postgres: /(^|\/)(postgres|postgresql|timescaledb(-ha)?|postgis|pgvector|spilo[\w-]*)(:|@|$)/,
    redis: /(^|\/)(redis|redis-stack-server|valkey|keydb)(:|@|$)/,
} as const;

/** Stack tag the offline audit sets on manifests it did not get from the engine (no protect flags in them). */
export const auditSourceTag = "jarvis.io/audit-source";
export const auditSources = { engine: "engine", manifests: "manifests" } as const;
