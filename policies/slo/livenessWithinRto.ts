/**
 * A failed container is detected and back in service well within its tier's RTO. Worst case:
 * liveness detection (periodSeconds x failureThreshold + timeoutSeconds), then the kill
 * (the probe's terminationGracePeriodSeconds, else the pod's), then startup (the startup probe's allowance, or the liveness
 * probe's initialDelaySeconds). Kubernetes defaults apply to unset fields.
 */
import { workloadKinds } from "../conventions";
import { objectiveSeconds, ObjectivesConfig, objectivesDefaults, objectivesSchema, TiersConfig, tiersDefaults, tiersSchema } from "../lib/config";
import { describeSeconds } from "../lib/durations";
import { mainContainers, podSpecOf } from "../lib/kubernetes";
import { resourcePolicy } from "../lib/policy";
import { asNumber, asStruct, at, isUnknown, Struct, Value } from "../lib/values";
import { labelOf, serviceOf } from "../lib/view";

interface Config extends TiersConfig, ObjectivesConfig {
    /** Share of the RTO that automatic recovery may use ("well within"). */
    readonly rtoFraction: number;
}

const defaults: Config = { ...tiersDefaults, ...objectivesDefaults, rtoFraction: 0.5 };

function field(probe: Struct, name: string, fallback: number): number | undefined {
    const value = probe[name];
    if (isUnknown(value)) return undefined;
    return value === undefined ? fallback : asNumber(value);
}

/** Seconds from a failure to the replacement container being up; undefined when unknown. */
function recoverySeconds(livenessProbe: Struct, startupProbe: Struct | undefined, gracePeriod: Value | undefined): number | undefined {
    const period = field(livenessProbe, "periodSeconds", 10);
    const failures = field(livenessProbe, "failureThreshold", 3);
    const timeout = field(livenessProbe, "timeoutSeconds", 1);
    // A liveness kill uses the probe's own grace period when it sets one (Kubernetes >= 1.25), else the pod's.
    const probeGrace = livenessProbe.terminationGracePeriodSeconds;
    const podGrace = isUnknown(gracePeriod) ? undefined : gracePeriod === undefined ? 30 : asNumber(gracePeriod);
    const grace = probeGrace === undefined ? podGrace : isUnknown(probeGrace) ? undefined : asNumber(probeGrace);
    const startup = startupProbe
        ? [field(startupProbe, "initialDelaySeconds", 0), field(startupProbe, "periodSeconds", 10), field(startupProbe, "failureThreshold", 3)]
        : [field(livenessProbe, "initialDelaySeconds", 0), 0, 0];
    const parts = [period, failures, timeout, grace, ...startup];
    if (parts.some((p) => p === undefined)) return undefined;
    const [p, f, t, g, delay, sp, sf] = parts as number[];
    return p * f + t + g + delay + sp * sf;
}

export const sloLivenessWithinRto = resourcePolicy<Config>({
    name: "slo-liveness-within-rto",
    description:
        "Liveness probes detect a failed container and Kubernetes restarts it well within the tier's RTO (half of it by default), counting detection, shutdown grace period and startup allowance.",
    enforcementLevel: "mandatory",
    kinds: workloadKinds,
    config: {
        schema: {
            ...tiersSchema,
            ...objectivesSchema,
            rtoFraction: { type: "number", exclusiveMinimum: 0, maximum: 1, default: defaults.rtoFraction, description: "Share of the RTO automatic recovery may take." },
        },
        defaults,
    },
    remediationSteps: "Shorten the liveness probe's period or failure threshold, the grace period, or the startup allowance.",
    check: (view, _context, config) => {
        const rto = objectiveSeconds((key) => labelOf(view, key), "rto", config);
        if (rto === undefined) return [];
        const podSpec = podSpecOf(view);
        const budget = rto * config.rtoFraction;
        const service = serviceOf(view);
        return mainContainers(podSpec).flatMap((container) => {
            const liveness = container.spec.livenessProbe;
            if (isUnknown(liveness)) return [];
            const probe = asStruct(liveness);
            if (probe === undefined) {
                // Services with an SLO are reported by slo-probes already.
                const hasSlo = service !== undefined && config.objectives[service] !== undefined;
                return hasSlo ? [] : [`container ${container.name} has no liveness probe: a hung process is never restarted within the RTO ${describeSeconds(rto)}`];
            }
            const seconds = recoverySeconds(probe, asStruct(container.spec.startupProbe), at(podSpec, "terminationGracePeriodSeconds"));
            if (seconds === undefined || seconds <= budget) return [];
            return [
                `container ${container.name} may take ${describeSeconds(seconds)} to be detected and restarted, more than ${Math.round(config.rtoFraction * 100)}% of the RTO ${describeSeconds(rto)} (${describeSeconds(budget)})`,
            ];
        });
    },
});
