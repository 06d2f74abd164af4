/**
 * Labels every object carries: Kubernetes' recommended `app.kubernetes.io/*` labels and the
 * `jarvis.io/*` labels that policies, alerts and auditors read.
 */
import { formatDuration } from "../../catalog/duration";
import { tiers } from "../../catalog/services";
import { CatalogEntry } from "../../catalog/types";

export const labelKeys = {
    service: "jarvis.io/service",
    tier: "jarvis.io/tier",
    rto: "jarvis.io/rto",
    rpo: "jarvis.io/rpo",
    environment: "jarvis.io/environment",
} as const;

/** The labels a selector matches: stable for the life of a workload (selectors are immutable). */
export function selectorLabels(entry: CatalogEntry, component: string = entry.id): Record<string, string> {
    return {
        "app.kubernetes.io/name": component,
        "app.kubernetes.io/instance": "jarvis",
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
