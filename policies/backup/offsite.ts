/**
 * Production backups leave the cluster: a backup kept on the same storage as the data is lost with
 * it. The destination is named by the `jarvis.io/offsite` annotation or an env var such as the
 * runbook's `BACKUP_STORAGE_URL`.
 */
import { annotations, offsiteEnvVars } from "../conventions";
import { EnvironmentConfig, environmentDefaults, environmentSchema, isProduction } from "../lib/config";
import { allContainers, envOf, podAnnotationsOf, podDetailsUnknown, podSpecOf } from "../lib/kubernetes";
import { resourcePolicy } from "../lib/policy";
import { ResourceView } from "../lib/view";
import { isBackupJob } from "./model";

function offsiteDestinationOf(view: ResourceView): string | undefined {
    const annotated = view.metadata.annotations[annotations.offsite] ?? podAnnotationsOf(view)[annotations.offsite];
    if (annotated !== undefined && annotated.trim() !== "") return `annotation ${annotations.offsite}`;
    for (const container of allContainers(podSpecOf(view))) {
        const env = envOf(container).find(
            (e) => (offsiteEnvVars as readonly string[]).includes(e.name) && (e.fromReference || e.unknown || (e.value ?? "").trim() !== ""),
        );
        if (env) return `env ${env.name}`;
    }
    return undefined;
}

export const backupOffsite = resourcePolicy<EnvironmentConfig>({
    name: "backup-offsite",
    description: "In production, every backup CronJob copies its backups off-site (outside the cluster's storage).",
    enforcementLevel: "mandatory",
    kinds: ["CronJob"],
    config: { schema: environmentSchema, defaults: environmentDefaults },
    remediationSteps: `Copy backups to external storage and name the destination with the ${annotations.offsite} annotation (or ${offsiteEnvVars[0]}).`,
    check: (view, context, config) => {
        if (!isBackupJob(view) || !isProduction(view, context, config)) return [];
        return offsiteDestinationOf(view) === undefined && !podDetailsUnknown(view)
            ? [`production backup with no off-site copy: set the ${annotations.offsite} annotation or one of ${offsiteEnvVars.join(", ")}`]
            : [];
    },
});
