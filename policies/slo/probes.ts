/**
 * Workloads of services with an SLO have readiness probes (traffic only reaches pods that can
 * serve) and liveness probes (a hung process is restarted instead of silently eating the budget).
 */
import { workloadKinds } from "../conventions";
import { ObjectivesConfig, objectivesDefaults, objectivesSchema } from "../lib/config";
import { mainContainers, podSpecOf } from "../lib/kubernetes";
import { resourcePolicy } from "../lib/policy";
import { isUnknown } from "../lib/values";
import { serviceOf } from "../lib/view";

export const sloProbes = resourcePolicy<ObjectivesConfig>({
    name: "slo-probes",
    description: "Every container of a service with an SLO has a readiness probe and a liveness probe.",
    enforcementLevel: "mandatory",
    kinds: workloadKinds,
    config: { schema: objectivesSchema, defaults: objectivesDefaults },
    remediationSteps: "Add readinessProbe and livenessProbe to every container, checking the service's health endpoint.",
    check: (view, _context, config) => {
        const service = serviceOf(view);
        if (service === undefined || config.objectives[service] === undefined) return [];
        return mainContainers(podSpecOf(view)).flatMap((container) => {
            const missing = ["readinessProbe", "livenessProbe"].filter((probe) => container.spec[probe] === undefined && !isUnknown(container.spec[probe]));
            return missing.length === 0 ? [] : [`container ${container.name} of SLO service ${service} has no ${missing.join(" and no ")}`];
        });
    },
});
