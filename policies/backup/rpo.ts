/**
 * Every store is backed up often enough for its RPO. A CronJob's worst-case gap comes from its
 * schedule; below `cronMinimumRpo` a schedule is not enough (a job cannot run more than once a
 * minute, and a dump takes time), so the store needs continuous archiving plus a base backup.
 */
import { parseDuration } from "../../catalog/duration";
import { TiersConfig, tiersDefaults, tiersSchema } from "../lib/config";
import { describeSeconds } from "../lib/durations";
import { findingAt } from "../lib/kubernetes";
import { at } from "../lib/values";
import { Finding, stackPolicy } from "../lib/policy";
import { ResourceView } from "../lib/view";
import { annotations, labels } from "../conventions";
import { archivingAdvice, archivingOf, engineOf } from "./continuousArchiving";
import { backupJobsOf, exemptionIsReasoned, isBackupJob, jobIdentitiesUnknown, scheduleGapOf, Store, storesOf, targetOf } from "./model";

interface Config extends TiersConfig {
    /** Smallest RPO a CronJob schedule alone may serve, as a duration. */
    readonly cronMinimumRpo: string;
}

const defaults: Config = { ...tiersDefaults, cronMinimumRpo: "15m" };

/** Worst age of the newest backup: the schedule's gap plus the start deadline (a run may start that late). */
function worstCaseSeconds(job: ResourceView): number | undefined {
    const gap = scheduleGapOf(job);
    const deadline = at(job.props, "spec", "startingDeadlineSeconds");
    if (gap.kind !== "gap" || typeof deadline !== "number") return undefined;
    return gap.seconds + deadline;
}

function describeJobs(jobs: readonly ResourceView[]): string {
    const parts = jobs.map((job) => {
        const gap = scheduleGapOf(job);
        const name = job.metadata.name ?? job.name;
        switch (gap.kind) {
            case "gap":
                return `${name} '${gap.schedule}' leaves up to ${describeSeconds(gap.seconds)} between backups`;
            case "suspended":
                return `${name} is suspended`;
            case "invalid":
                return `${name} has an invalid schedule '${gap.schedule}' (${gap.reason})`;
            default:
                return `${name} has a schedule unknown during preview`;
        }
    });
    return parts.join("; ");
}

/** Backup CronJobs in the store's namespace that name no store: a label mismatch to point at. */
function strayBackups(store: Store, views: readonly ResourceView[], stores: readonly Store[]): string {
    const known = new Set(stores.filter((s) => s.namespace === store.namespace).map((s) => s.service));
    const stray = views.filter((v) => isBackupJob(v) && v.metadata.namespace === store.namespace && !known.has(targetOf(v) ?? ""));
    if (stray.length === 0) return "";
    return ` (backup CronJobs ${stray.map((v) => v.metadata.name).join(", ")} name no store: label them ${labels.backupOf}: ${store.service})`;
}

function judge(store: Store, views: readonly ResourceView[], stores: readonly Store[], config: Config): string | undefined {
    // What is unknown during preview is judged when it is known.
    if (!store.identityKnown || jobIdentitiesUnknown(views)) return undefined;
    if (store.exemption !== undefined) {
        return exemptionIsReasoned(store.exemption)
            ? undefined
            : `the ${annotations.backupExempt} annotation (or ${annotations.backupExemptReason}) must give the reason the data needs no backup (found "${store.exemption}")`;
    }
    const rpo = store.rpoSeconds;
    if (rpo === undefined) return `has persistent volumes but no readable RPO: label it ${labels.rpo} (a duration) or ${labels.tier}`;
    const label = `${store.service} (RPO ${describeSeconds(rpo)})`;
    const jobs = backupJobsOf(store, views);
    const gaps = jobs.flatMap((job) => {
        const gap = scheduleGapOf(job);
        return gap.kind === "gap" ? [gap.seconds] : [];
    });
    if (jobs.some((job) => scheduleGapOf(job).kind === "unknown")) return undefined;
    const bestGap = Math.min(...gaps);
    const jobsText = jobs.length === 0 ? `no backup CronJob${strayBackups(store, views, stores)}` : describeJobs(jobs);
    const archiving = archivingOf(store, views);
    if (archiving.kind === "unknown") return undefined;
    const engine = engineOf(store);
    const cronMinimum = parseDuration(config.cronMinimumRpo) ?? 15 * 60;

    if (archiving.kind === "on" && archiving.windowSeconds <= rpo) {
        return gaps.length > 0
            ? undefined
            : `${label}: ${archiving.method} needs a base backup to replay onto, and there is ${jobsText}`;
    }
    if (rpo >= cronMinimum && bestGap <= rpo) return undefined;
    if (rpo < cronMinimum && store.scheduledBackupReason !== undefined && archiving.kind === "off") {
        // A disclosed exception for an engine with nothing to archive: the worst case is the gap
        // between two runs plus how late a run may start.
        if (!exemptionIsReasoned(store.scheduledBackupReason)) {
            return `${label}: the ${annotations.scheduledBackupReason} annotation must give the reason (found "${store.scheduledBackupReason}")`;
        }
        const worst = Math.min(...jobs.map((job) => worstCaseSeconds(job)).filter((s): s is number => s !== undefined));
        return worst <= rpo ? undefined : `${label}: ${jobsText}; with the start deadline a backup can be ${describeSeconds(worst)} old, more than the RPO`;
    }
    if (archiving.kind === "on") {
        return `${label}: ${archiving.method} can lose up to ${describeSeconds(archiving.windowSeconds)}, more than the RPO`;
    }
    if (archiving.kind === "incomplete") return `${label}: ${jobsText}; continuous archiving is incomplete: ${archiving.problem}`;
    if (rpo < cronMinimum) {
        return `${label}: ${jobsText}; an RPO under ${describeSeconds(cronMinimum)} needs continuous archiving, which no CronJob schedule replaces: ${archivingAdvice(engine, rpo)}`;
    }
    return `${label}: ${jobsText}; the worst-case gap between backups must be at most ${describeSeconds(rpo)}`;
}

export const backupMeetsRpo = stackPolicy<Config>({
    name: "backup-meets-rpo",
    description:
        "Every workload that keeps data on persistent volumes has a backup whose worst-case gap (from the CronJob schedule, or the continuous-archiving window) is within its RPO, or a backup exemption that states its reason.",
    enforcementLevel: "mandatory",
    config: {
        schema: {
            ...tiersSchema,
            cronMinimumRpo: {
                type: "string",
                default: defaults.cronMinimumRpo,
                description: "Smallest RPO a CronJob schedule alone may serve; below it continuous archiving is required.",
            },
        },
        defaults,
    },
    remediationSteps:
        "Add a CronJob labelled jarvis.io/role: backup and jarvis.io/backup-of: <service> whose schedule meets the RPO; for RPOs under 15 minutes also enable continuous archiving (PostgreSQL WAL archiving, Redis AOF). Data that needs no backup gets the jarvis.io/backup-exempt annotation with the reason.",
    check: (views, _context, config): Finding[] => {
        const stores = storesOf(views, config);
        return stores.flatMap((store) => {
            const problem = judge(store, views, stores, config);
            return problem === undefined ? [] : [findingAt(store.view, problem)];
        });
    },
});
