/**
 * Labels every object carries: Kubernetes' recommended `app.kubernetes.io/*` labels and the
 * `jarvis.io/*` labels that policies, alerts and auditors read.
 */
import { formatDuration } from "../../catalog/duration";
import { tiers } from "../../catalog/services";
import { CatalogEntry, ServiceId } from "../../catalog/types";

export const labelKeys = {
    service: "jarvis.io/service",
    tier: "jarvis.io/tier",
    rto: "jarvis.io/rto",
    rpo: "jarvis.io/rpo",
    environment: "jarvis.io/environment",
    /** Blue/green color of a pod (`blue` or `green`). */
    color: "jarvis.io/color",
    /** What a Job's pod does (see `jobPodLabels`). */
    role: "jarvis.io/role",
} as const;

/** Roles of the platform's Job pods. */
export type JobRole = "backup" | "migration" | "health-gate";

/**
 * The label convention of Job pods, which the NetworkPolicies admit by these labels only:
 * `jarvis.io/role` says what the job does and `jarvis.io/service` which catalog service it works on.
 * A backup (or restore) pod of PostgreSQL carries `jobPodLabels("backup", "postgres")` and may then
 * reach PostgreSQL's port and nothing else. Job pods must not carry the service's own selector
 * labels (`selectorLabels`): give `serviceLabels` a `component` such as `postgres-backup`, or the
 * service's Service and policies would select the job's pods too.
 */
export function jobPodLabels(role: JobRole, service: ServiceId): Record<string, string> {
    return { [labelKeys.role]: role, [labelKeys.service]: service };
}

/** The labels a selector matches: stable for the life of a workload (selectors are immutable). */
export function selectorLabels(entry: CatalogEntry, component: string = entry.id): Record<string, string> {
    return {
        "app.kubernetes.io/name": component,
        "app.kubernetes.io/instance": "jarvis",
    };
}

/** Labels of a namespace-wide object that belongs to no single service (policies, certificates). */
export function platformLabels(component: string, environment: string): Record<string, string> {
    return {
        "app.kubernetes.io/name": component,
        "app.kubernetes.io/instance": "jarvis",
        "app.kubernetes.io/part-of": "jarvis",
        "app.kubernetes.io/managed-by": "pulumi",
        [labelKeys.environment]: environment,
    };
}

/** Image tag, or the digest's start, as the recommended `version` label. */
export function versionOf(image: string): string {
    const digest = image.split("@sha256:")[1];
    if (digest) return digest.slice(0, 12);
    return (image.split("/").pop() ?? image).split(":")[1] ?? "unknown";
}

/** Full labels of an object belonging to a catalog service. */
export function serviceLabels(
    entry: CatalogEntry,
    environment: string,
    extra: { component?: string; image?: string } = {},
): Record<string, string> {
    const objectives = tiers[entry.tier];
    return {
        ...selectorLabels(entry, extra.component),
        "app.kubernetes.io/part-of": "jarvis",
        "app.kubernetes.io/managed-by": "pulumi",
        ...(extra.image ? { "app.kubernetes.io/version": versionOf(extra.image) } : {}),
        [labelKeys.service]: entry.id,
        [labelKeys.tier]: entry.tier,
        [labelKeys.rto]: formatDuration(objectives.rtoSeconds),
        [labelKeys.rpo]: formatDuration(objectives.rpoSeconds),
        [labelKeys.environment]: environment,
    };
}
