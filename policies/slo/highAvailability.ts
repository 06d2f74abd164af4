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
import { findingAt, Match, ofKind, podSpecOf, replicasOf, selectorMatch } from "../lib/kubernetes";
import { Finding, stackPolicy } from "../lib/policy";
import { asNumber, asString, asStructs, at, containsUnknown, isUnknown, Value } from "../lib/values";
import { mayShareNamespace, podTemplateOf, ResourceView, serviceOf } from "../lib/view";

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

/** Replicas, or the HorizontalPodAutoscaler's minimum when one scales the workload; undefined when unknown. */
function effectiveReplicas(workload: ResourceView, views: readonly ResourceView[]): number | undefined {
    const autoscalers = ofKind(views, "HorizontalPodAutoscaler").filter((hpa) => mayShareNamespace(hpa, workload));
    const target = (hpa: ResourceView) => at(hpa.props, "spec", "scaleTargetRef");
    if (autoscalers.some((hpa) => hpa.metadata.unknown.has("namespace") || containsUnknown(target(hpa)))) return undefined;
    const autoscaler = autoscalers.find((hpa) => at(target(hpa), "kind") === workload.kind && at(target(hpa), "name") === workload.metadata.name);
    const minimum = autoscaler ? at(autoscaler.props, "spec", "minReplicas") : undefined;
    if (autoscaler) return minimum === undefined ? 1 : asNumber(minimum);
    return replicasOf(workload);
}

/** A budget that keeps at least one pod: minAvailable above zero or maxUnavailable below all (unknown values get the benefit of the doubt). */
function budgetKeepsOne(pdb: ResourceView, replicas: number): boolean {
    const minAvailable = at(pdb.props, "spec", "minAvailable");
    const maxUnavailable = at(pdb.props, "spec", "maxUnavailable");
    if (isUnknown(minAvailable) || isUnknown(maxUnavailable)) return true;
    const amount = (value: Value | undefined): number | undefined => {
        const text = asString(value);
        if (text?.endsWith("%")) return Math.floor((Number(text.slice(0, -1)) / 100) * replicas);
        return asNumber(value);
    };
    if (minAvailable !== undefined) return (amount(minAvailable) ?? 0) >= 1;
    if (maxUnavailable !== undefined) return (amount(maxUnavailable) ?? replicas) < replicas;
    return false;
}

/** Whether replicas must land on different nodes; `maybe` when the rules are unknown during preview. */
function spreadAcrossNodes(workload: ResourceView, key: string): Match {
    const template = podTemplateOf(workload);
    const podSpec = podSpecOf(workload);
    if (isUnknown(template) || isUnknown(at(template, "spec")) || containsUnknown(podSpec?.topologySpreadConstraints) || containsUnknown(podSpec?.affinity)) {
        return "maybe";
    }
    const constraints = [
        ...asStructs(podSpec?.topologySpreadConstraints).filter((c) => c.topologyKey === key && c.whenUnsatisfiable === "DoNotSchedule"),
        ...asStructs(at(podSpec, "affinity", "podAntiAffinity", "requiredDuringSchedulingIgnoredDuringExecution")).filter((t) => t.topologyKey === key),
    ];
    const matches = constraints.map((c) => selectorMatch(c.labelSelector, workload));
    return matches.includes("yes") ? "yes" : matches.includes("maybe") ? "maybe" : "no";
}

function judge(workload: ResourceView, views: readonly ResourceView[], config: Config, availability: number): string[] {
    const replicas = effectiveReplicas(workload, views);
    // A scaled-down standby (the idle color of a blue/green pair) serves nothing; unknown counts are judged later.
    if (replicas === undefined || replicas === 0) return [];
    const target = `${(availability * 100).toFixed(2).replace(/\.?0+$/, "")} % availability`;
    const problems: string[] = [];
    if (replicas < config.minReplicas) problems.push(`runs ${replicas} replica(s) for ${target}; at least ${config.minReplicas} are required in production`);
    const budgets = ofKind(views, "PodDisruptionBudget").filter((pdb) => mayShareNamespace(pdb, workload));
    const matching = (match: Match) =>
        budgets.filter((pdb) => {
            const selects = selectorMatch(at(pdb.props, "spec", "selector"), workload);
            return (pdb.metadata.unknown.has("namespace") && selects === "yes" ? "maybe" : selects) === match;
        });
    const selecting = matching("yes");
    if (selecting.length === 0 && matching("maybe").length === 0) problems.push(`has no PodDisruptionBudget selecting its pods (${target})`);
    else if (selecting.length > 0 && !selecting.some((pdb) => budgetKeepsOne(pdb, Math.max(replicas, config.minReplicas)))) {
        problems.push("has a PodDisruptionBudget that lets every pod be evicted at once");
    }
    if (spreadAcrossNodes(workload, config.spreadTopologyKey) === "no") {
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
