/**
 * Backup CronJobs run safely: never two at once (`concurrencyPolicy: Forbid`, so a slow backup is
 * not overlapped by the next one writing the same files), a `startingDeadlineSeconds` (a missed run
 * starts late instead of being silently dropped after 100 misses) and resource limits (a backup
 * cannot starve the store it copies).
 */
import { allContainers, podSpecOf } from "../lib/kubernetes";
import { resourcePolicy } from "../lib/policy";
import { asNumber, asString, at, isUnknown } from "../lib/values";
import { isBackupJob } from "./model";

export const backupJobSettings = resourcePolicy({
    name: "backup-job-settings",
    description:
        "Backup CronJobs forbid concurrent runs, set a starting deadline so missed runs are caught up, and limit the CPU and memory of every container.",
    enforcementLevel: "mandatory",
    kinds: ["CronJob"],
    remediationSteps: "Set spec.concurrencyPolicy: Forbid, spec.startingDeadlineSeconds, and resources.limits.cpu and .memory on every container.",
    check: (view) => {
        if (!isBackupJob(view)) return [];
        const problems: string[] = [];
        const concurrency = at(view.props, "spec", "concurrencyPolicy");
        if (!isUnknown(concurrency) && concurrency !== "Forbid") {
            problems.push(`concurrencyPolicy is ${asString(concurrency) ?? "unset (Allow)"}; a backup must forbid overlapping runs`);
        }
        const deadline = at(view.props, "spec", "startingDeadlineSeconds");
        if (!isUnknown(deadline) && !((asNumber(deadline) ?? 0) > 0)) {
            problems.push("startingDeadlineSeconds is not set; a missed backup run must be caught up within a deadline");
        }
        for (const container of allContainers(podSpecOf(view))) {
            const limits = at(container.spec, "resources", "limits");
            if (isUnknown(limits)) continue;
            const missing = ["cpu", "memory"].filter((r) => at(limits, r) === undefined);
            if (missing.length > 0) problems.push(`container ${container.name} has no ${missing.join(" or ")} limit`);
        }
        return problems;
    },
});
