/**
 * Backups are kept long enough to recover from a problem found late (the runbook keeps 30 days).
 * The retention is read from the `jarvis.io/retention-days` annotation (CronJob or pod template),
 * a `RETENTION_DAYS`/`BACKUP_RETENTION_DAYS` env var, or a `--retention-days` argument.
 */
import { annotations, retentionEnvVars } from "../conventions";
import { allContainers, commandLine, envOf, podAnnotationsOf, podDetailsUnknown, podSpecOf } from "../lib/kubernetes";
import { resourcePolicy } from "../lib/policy";
import { ResourceView } from "../lib/view";
import { isBackupJob } from "./model";

interface Config {
    /** Fewest days backups must be kept. */
    readonly minRetentionDays: number;
}

type Retention = { readonly days: number; readonly source: string } | { readonly unknown: true } | undefined;

/** The first retention the job states. */
function retentionOf(view: ResourceView): Retention {
    const annotated = view.metadata.annotations[annotations.retentionDays] ?? podAnnotationsOf(view)[annotations.retentionDays];
    if (annotated !== undefined) return { days: Number(annotated), source: `annotation ${annotations.retentionDays}` };
    for (const container of allContainers(podSpecOf(view))) {
        for (const env of envOf(container)) {
            if (!(retentionEnvVars as readonly string[]).includes(env.name)) continue;
            if (env.unknown || env.fromReference) return { unknown: true };
            if (env.value !== undefined) return { days: Number(env.value), source: `env ${env.name}` };
        }
        const match = /--retention-days(?:=|\s+)(\S+)/.exec(commandLine(container).join(" "));
        if (match) return { days: Number(match[1]), source: "argument --retention-days" };
    }
    return undefined;
}

const defaults: Config = { minRetentionDays: 30 };

export const backupRetention = resourcePolicy<Config>({
    name: "backup-retention",
    description: "Backup CronJobs state how long backups are kept, and keep them at least the minimum number of days (30 by default).",
    enforcementLevel: "mandatory",
    kinds: ["CronJob"],
    config: {
        schema: { minRetentionDays: { type: "integer", minimum: 1, default: defaults.minRetentionDays, description: "Fewest days a backup is kept." } },
        defaults,
    },
    remediationSteps: `Annotate the CronJob ${annotations.retentionDays}: "30" (and make its script delete only older backups).`,
    check: (view, _context, config) => {
        if (!isBackupJob(view)) return [];
        const retention = retentionOf(view);
        if (retention === undefined && podDetailsUnknown(view)) return [];
        if (retention === undefined) {
            return [`states no retention: annotate it ${annotations.retentionDays} or set ${retentionEnvVars.join("/")}`];
        }
        if ("unknown" in retention) return [];
        if (!Number.isFinite(retention.days) || retention.days < config.minRetentionDays) {
            return [`keeps backups ${Number.isFinite(retention.days) ? `${retention.days} days` : "for an unreadable time"} (${retention.source}); at least ${config.minRetentionDays} are required`];
        }
        return [];
    },
});
