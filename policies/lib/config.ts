/**
 * Operator-owned thresholds. Each policy declares the config it reads (JSON schema with the
 * catalog's values as defaults) so `pulumi preview --policy-pack-config` can change them; reading
 * merges what the operator set over the defaults.
 */
import { PolicyConfigSchema } from "@pulumi/policy";
import { formatDuration, parseDuration } from "../../catalog/duration";
import { catalogEntries, tiers } from "../../catalog/services";
import { labels, production } from "../conventions";
import { ResourceView, RunContext } from "./view";

type Properties = PolicyConfigSchema["properties"];

/** Reads a policy's config over its defaults (the engine hands over only what the operator set). */
export function readConfig<T extends object>(given: object, defaults: T): T {
    const known = Object.fromEntries(Object.entries(given).filter(([key]) => key in defaults && key !== "enforcementLevel"));
    return { ...defaults, ...known } as T;
}

/** How production is recognised. */
export interface EnvironmentConfig {
    /** `jarvis.io/environment` value meaning production. */
    readonly productionEnvironment: string;
    /** Namespaces whose name ends with this are production. */
    readonly productionNamespaceSuffix: string;
    /** Stacks that are production (read from the resources' URNs). */
    readonly productionStacks: string[];
}

export const environmentDefaults: EnvironmentConfig = {
    productionEnvironment: production.environment,
    productionNamespaceSuffix: production.namespaceSuffix,
    productionStacks: [...production.stacks],
};

export const environmentSchema: Properties = {
    productionEnvironment: { type: "string", default: environmentDefaults.productionEnvironment, description: "`jarvis.io/environment` label value that means production." },
    productionNamespaceSuffix: { type: "string", default: environmentDefaults.productionNamespaceSuffix, description: "Namespace name suffix that means production." },
    productionStacks: { type: "array", items: { type: "string" }, default: environmentDefaults.productionStacks, description: "Stack names that are production." },
};

/** Production when the object's environment label says so, else its namespace's name, else the stack's. */
export function isProduction(view: ResourceView, context: RunContext, config: EnvironmentConfig): boolean {
    const environment = view.metadata.labels[labels.environment];
    if (environment !== undefined) return environment === config.productionEnvironment;
    const namespace = view.metadata.namespace ?? (view.kind === "Namespace" ? view.metadata.name : undefined);
    if (namespace?.endsWith(config.productionNamespaceSuffix)) return true;
    return config.productionStacks.includes(context.stack);
}

/** A service's SLO as the policies need it. */
export interface Objective {
    /** Availability ratio (0.999). */
    readonly availability: number;
    /** P95 latency threshold, seconds. */
    readonly latencyP95Seconds: number;
}

export interface ObjectivesConfig {
    /** SLO per `jarvis.io/service` value. */
    readonly objectives: Record<string, Objective>;
}

/** The catalog's SLO table. */
export const objectivesDefaults: ObjectivesConfig = {
    objectives: Object.fromEntries(
        catalogEntries().flatMap((entry) =>
            entry.slo ? [[entry.id, { availability: entry.slo.availability, latencyP95Seconds: entry.slo.latencyP95Seconds }]] : [],
        ),
    ),
};

export const objectivesSchema: Properties = {
    objectives: {
        type: "object",
        default: objectivesDefaults.objectives,
        description: "SLO per service (`jarvis.io/service` value): availability ratio and P95 latency in seconds. Defaults to the catalog.",
        additionalProperties: {
            type: "object",
            properties: { availability: { type: "number" }, latencyP95Seconds: { type: "number" } },
            required: ["availability", "latencyP95Seconds"],
        },
    },
};

/** Recovery objectives per tier, as durations, for objects without `jarvis.io/rto`/`jarvis.io/rpo` labels. */
export interface TiersConfig {
    readonly tiers: Record<string, { rto: string; rpo: string }>;
}

export const tiersDefaults: TiersConfig = {
    tiers: Object.fromEntries(
        Object.entries(tiers).map(([tier, o]) => [tier, { rto: formatDuration(o.rtoSeconds), rpo: formatDuration(o.rpoSeconds) }]),
    ),
};

export const tiersSchema: Properties = {
    tiers: {
        type: "object",
        default: tiersDefaults.tiers,
        description: "RTO and RPO per `jarvis.io/tier` value, as durations; used when an object has no `jarvis.io/rto`/`jarvis.io/rpo` label.",
    },
};

/** An object's RTO or RPO in seconds: its own label, else its tier's; undefined when neither is readable. */
export function objectiveSeconds(labelsOf: (key: string) => string | undefined, which: "rto" | "rpo", config: TiersConfig): number | undefined {
    const own = labelsOf(which === "rto" ? labels.rto : labels.rpo);
    if (own !== undefined) return parseDuration(own);
    const tier = labelsOf(labels.tier);
    const fromTier = tier === undefined ? undefined : config.tiers[tier]?.[which];
    return fromTier === undefined ? undefined : parseDuration(fromTier);
}
