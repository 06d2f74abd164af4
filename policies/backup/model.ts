/**
 * What the backup policies reason about: stores (workloads holding data on persistent volumes),
 * the backup and restore jobs that name them, and the schedules of those jobs.
 */
import { annotations, labels, roleNamePatterns, roles, workloadKinds } from "../conventions";
import { objectiveSeconds, TiersConfig } from "../lib/config";
import { CronError, parseSchedule, worstCaseGapSeconds } from "../lib/cron";
import { ofKind, persistentClaims } from "../lib/kubernetes";
import { asString, at } from "../lib/values";
import { labelOf, labelsKnown, ResourceView, serviceOf } from "../lib/view";

export interface Store {
    readonly view: ResourceView;
    /** `jarvis.io/service`, else the object's name. */
    readonly service: string;
    readonly namespace?: string;
    /** RPO in seconds, from `jarvis.io/rpo` or the tier; undefined when neither is readable. */
    readonly rpoSeconds?: number;
    /** The `jarvis.io/backup-exempt` annotation's text, when present. */
    readonly exemption?: string;
    /** The `jarvis.io/scheduled-backup-reason` annotation's text, when present. */
    readonly scheduledBackupReason?: string;
    /** Name, namespace, labels and annotations are known (during preview they may not be: then the store is not judged). */
    readonly identityKnown: boolean;
}

/** Workloads with persistent volumes. */
export function storesOf(views: readonly ResourceView[], tiers: TiersConfig): Store[] {
    return ofKind(views, ...workloadKinds)
        .filter((view) => persistentClaims(view).length > 0)
        .map((view) => ({
            view,
            service: serviceOf(view) ?? view.metadata.name ?? view.name,
            namespace: view.metadata.namespace,
            rpoSeconds: objectiveSeconds((key) => labelOf(view, key), "rpo", tiers),
            exemption: exemptionOf(view),
            scheduledBackupReason: view.metadata.annotations[annotations.scheduledBackupReason],
            identityKnown: labelsKnown(view) && view.metadata.unknown.size === 0,
        }));
}

/**
 * Whether some job's labels, name or namespace are unknown during preview: it might be the backup
 * or restore job a store needs, so its absence cannot be asserted yet.
 */
export function jobIdentitiesUnknown(views: readonly ResourceView[]): boolean {
    return views.some((v) => (v.kind === "CronJob" || v.kind === "Job") && (!labelsKnown(v) || v.metadata.unknown.size > 0));
}

/** The exemption's reason: its own annotation, else the exemption annotation's text; undefined when not exempt. */
function exemptionOf(view: ResourceView): string | undefined {
    const flag = view.metadata.annotations[annotations.backupExempt];
    const reason = view.metadata.annotations[annotations.backupExemptReason];
    return flag === undefined && reason === undefined ? undefined : (reason ?? flag);
}

/** An exemption counts when it gives a reason, not a bare flag. */
export function exemptionIsReasoned(text: string): boolean {
    const bare = ["", "true", "yes", "1", "y", "on"];
    return !bare.includes(text.trim().toLowerCase()) && text.trim().length >= 10;
}

/** `backup` or `restore`, from `jarvis.io/role`, `app.kubernetes.io/component`, or the job's name. */
function roleOf(view: ResourceView): string | undefined {
    const declared = labelOf(view, labels.role) ?? labelOf(view, labels.component);
    if (declared === roles.backup || declared === roles.restore) return declared;
    if (declared !== undefined) return undefined;
    const name = view.metadata.name ?? "";
    if (roleNamePatterns.restore.test(name)) return roles.restore;
    if (roleNamePatterns.backup.test(name)) return roles.backup;
    return undefined;
}

/** The store a backup or restore job is for. */
export function targetOf(job: ResourceView): string | undefined {
    return labelOf(job, labels.backupOf) ?? serviceOf(job);
}

export function isBackupJob(view: ResourceView): boolean {
    return view.kind === "CronJob" && roleOf(view) === roles.backup;
}

export function isRestoreJob(view: ResourceView): boolean {
    return (view.kind === "CronJob" || view.kind === "Job") && roleOf(view) === roles.restore;
}

function sameStore(store: Store, job: ResourceView): boolean {
    return job.metadata.namespace === store.namespace && targetOf(job) === store.service;
}

/** Backup CronJobs of a store (suspended ones included; schedules say whether they run). */
export function backupJobsOf(store: Store, views: readonly ResourceView[]): ResourceView[] {
    return views.filter((v) => isBackupJob(v) && sameStore(store, v));
}

export function restoreJobsOf(store: Store, views: readonly ResourceView[]): ResourceView[] {
    return views.filter((v) => isRestoreJob(v) && sameStore(store, v));
}

export type ScheduleGap =
    | { readonly kind: "gap"; readonly schedule: string; readonly seconds: number }
    | { readonly kind: "suspended"; readonly schedule: string }
    | { readonly kind: "invalid"; readonly schedule: string; readonly reason: string }
    | { readonly kind: "unknown" };

/** The worst-case gap between two runs of a backup CronJob. */
export function scheduleGapOf(job: ResourceView): ScheduleGap {
    const schedule = at(job.props, "spec", "schedule");
    const text = asString(schedule);
    if (text === undefined) return schedule === undefined ? { kind: "invalid", schedule: "", reason: "no schedule" } : { kind: "unknown" };
    if (at(job.props, "spec", "suspend") === true) return { kind: "suspended", schedule: text };
    try {
        return { kind: "gap", schedule: text, seconds: worstCaseGapSeconds(parseSchedule(text)) };
    } catch (error) {
        if (error instanceof CronError) return { kind: "invalid", schedule: text, reason: error.message };
        throw error;
    }
}
