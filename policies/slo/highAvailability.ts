/**
 * An availability of 99.9 % allows 43 minutes of downtime a month: less than one node drain,
 * upgrade or failure of a single replica. In production such services run at least two replicas,
 * kept apart on different nodes, with a PodDisruptionBudget so voluntary evictions leave one up.
 */
import {
    EnvironmentConfig,
    environmentDefaults,
    environmentSchema,
    isProduction,
    ObjectivesConfig,
    objectivesDefaults,
    objectivesSchema,
} from "../lib/config";
import { findingAt, ofKind, podLabelsOf, podSpecOf, replicasOf, selectorMatches } from "../lib/kubernetes";
import { Finding, stackPolicy } from "../lib/policy";
import { asNumber, asString, asStructs, at, isUnknown, Value } from "../lib/values";
import { ResourceView, serviceOf } from "../lib/view";

interface Config extends EnvironmentConfig, ObjectivesConfig {
    /** Availability from which the rule applies. */
    readonly availabilityThreshold: number;
    readonly minReplicas: number;
    /** Node label the replicas must be spread over. */
    readonly spreadTopologyKey: string;
}

const defaults: Config = {
    ...environmentDefaults,
    ...objectivesDefaults,
    availabilityThreshold: 0.999,
    minReplicas: 2,
    spreadTopologyKey: "kubernetes.io/hostname",
};

/** Replicas, or the HorizontalPodAutoscaler's minimum when one scales the workload. */
function effectiveReplicas(workload: ResourceView, views: readonly ResourceView[]): number | undefined {
    const autoscaler = ofKind(views, "HorizontalPodAutoscaler").find(
        (hpa) =>
            hpa.metadata.namespace === workload.metadata.namespace &&
            at(hpa.props, "spec", "scaleTargetRef", "kind") === workload.kind &&
            at(hpa.props, "spec", "scaleTargetRef", "name") === workload.metadata.name,
    );
    const minimum = autoscaler ? at(autoscaler.props, "spec", "minReplicas") : undefined;
    if (autoscaler) return minimum === undefined ? 1 : asNumber(minimum);
    return replicasOf(workload);
}

/** A budget that keeps at least one pod: minAvailable above zero or maxUnavailable below all. */
function budgetKeepsOne(pdb: ResourceView, replicas: number): boolean {
    const minAvailable = at(pdb.props, "spec", "minAvailable");
    const maxUnavailable = at(pdb.props, "spec", "maxUnavailable");
    const amount = (value: Value | undefined): number | undefined => {
        const text = asString(value);
        if (text?.endsWith("%")) return Math.floor((Number(text.slice(0, -1)) / 100) * replicas);
        return asNumber(value);
    };
    if (minAvailable !== undefined) return (amount(minAvailable) ?? 0) >= 1;
    if (maxUnavailable !== undefined) return (amount(maxUnavailable) ?? replicas) < replicas;
    return false;
}

function spreadAcrossNodes(workload: ResourceView, key: string): boolean {
    const podSpec = podSpecOf(workload);
    const podLabels = podLabelsOf(workload);
    const spread = asStructs(podSpec?.topologySpreadConstraints).some(
        (c) => c.topologyKey === key && c.whenUnsatisfiable === "DoNotSchedule" && selectorMatches(c.labelSelector, podLabels),
    );
    const antiAffinity = asStructs(at(podSpec, "affinity", "podAntiAffinity", "requiredDuringSchedulingIgnoredDuringExecution")).some(
        (term) => term.topologyKey === key && selectorMatches(term.labelSelector, podLabels),
    );
    return spread || antiAffinity;
}

function judge(workload: ResourceView, views: readonly ResourceView[], config: Config, availability: number): string[] {
    const replicas = effectiveReplicas(workload, views);
    // A scaled-down standby (the idle color of a blue/green pair) serves nothing; unknown counts are judged later.
    if (replicas === undefined || replicas === 0) return [];
    const target = `${(availability * 100).toFixed(2).replace(/\.?0+$/, "")} % availability`;
    const problems: string[] = [];
    if (replicas < config.minReplicas) problems.push(`runs ${replicas} replica(s) for ${target}; at least ${config.minReplicas} are required in production`);
    const podLabels = podLabelsOf(workload);
    const budgets = ofKind(views, "PodDisruptionBudget").filter(
        (pdb) => pdb.metadata.namespace === workload.metadata.namespace && selectorMatches(at(pdb.props, "spec", "selector"), podLabels),
    );
    if (budgets.length === 0) problems.push(`has no PodDisruptionBudget selecting its pods (${target})`);
    else if (!budgets.some((pdb) => budgetKeepsOne(pdb, Math.max(replicas, config.minReplicas)))) {
        problems.push("has a PodDisruptionBudget that lets every pod be evicted at once");
    }
    const podSpec = podSpecOf(workload);
    if (!isUnknown(podSpec?.topologySpreadConstraints) && !spreadAcrossNodes(workload, config.spreadTopologyKey)) {
        problems.push(
            `is not spread across nodes: add a topologySpreadConstraint on ${config.spreadTopologyKey} with whenUnsatisfiable: DoNotSchedule, or a required pod anti-affinity`,
        );
    }
    return problems;
}

export const sloHighAvailability = stackPolicy<Config>({
    name: "slo-high-availability",
    description:
        "In production, services whose SLO is 99.9 % availability or more run at least two replicas, spread across nodes, protected by a PodDisruptionBudget.",
    enforcementLevel: "mandatory",
    config: {
        schema: {
            ...environmentSchema,
            ...objectivesSchema,
            availabilityThreshold: { type: "number", default: defaults.availabilityThreshold, description: "SLO availability from which the rule applies." },
            minReplicas: { type: "integer", minimum: 1, default: defaults.minReplicas, description: "Fewest replicas in production." },
            spreadTopologyKey: { type: "string", default: defaults.spreadTopologyKey, description: "Node label replicas are spread over." },
        },
        defaults,
    },
    remediationSteps: "Raise replicas (with real replication for databases), add a PodDisruptionBudget and a hostname topologySpreadConstraint.",
    check: (views, context, config): Finding[] =>
        ofKind(views, "Deployment", "StatefulSet").flatMap((workload) => {
            const service = serviceOf(workload);
            const availability = service === undefined ? undefined : config.objectives[service]?.availability;
            if (availability === undefined || availability < config.availabilityThreshold) return [];
            if (!isProduction(workload, context, config)) return [];
            return judge(workload, views, config, availability).map((problem) => findingAt(workload, problem));
        }),
});
