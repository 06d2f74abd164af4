/**
 * A backup nobody can restore is not a backup: every backed-up store has a restore job (a Job, or
 * a suspended CronJob run on demand with `kubectl create job --from`). A restore CronJob that is
 * not suspended would overwrite live data on a schedule.
 */
import { tiersDefaults } from "../lib/config";
import { findingAt } from "../lib/kubernetes";
import { stackPolicy } from "../lib/policy";
import { at, isUnknown } from "../lib/values";
import { backupJobsOf, isRestoreJob, jobIdentitiesUnknown, restoreJobsOf, storesOf } from "./model";

export const backupRestoreJob = stackPolicy({
    name: "backup-restore-job",
    description: "Every store that is backed up has a restore job, and scheduled restore jobs stay suspended until an operator runs them.",
    enforcementLevel: "mandatory",
    remediationSteps: "Add a CronJob with spec.suspend: true (or a Job) labelled jarvis.io/role: restore and jarvis.io/backup-of: <service>.",
    check: (views) => {
        // A job whose identity is unknown during preview may be the restore job: judge when known.
        const stores = jobIdentitiesUnknown(views) ? [] : storesOf(views, tiersDefaults).filter((store) => store.identityKnown);
        const missing = stores
            .filter((store) => store.exemption === undefined && backupJobsOf(store, views).length > 0)
            .filter((store) => restoreJobsOf(store, views).length === 0)
            .map((store) => findingAt(store.view, `${store.service} is backed up but has no restore job`));
        const armed = views
            .filter((v) => v.kind === "CronJob" && isRestoreJob(v))
            .filter((v) => {
                const suspend = at(v.props, "spec", "suspend");
                return suspend !== true && !isUnknown(suspend);
            })
            .map((v) => findingAt(v, "restore CronJob is not suspended: it would overwrite live data on its schedule"));
        return [...missing, ...armed];
    },
});
