/**
 * Exemptions are visible: each store exempted from backup is reported with its reason, so an
 * auditor reviews every one (advisory: it does not block a deployment).
 */
import { annotations } from "../conventions";
import { tiersDefaults } from "../lib/config";
import { findingAt } from "../lib/kubernetes";
import { stackPolicy } from "../lib/policy";
import { storesOf } from "./model";

export const backupExemptions = stackPolicy({
    name: "backup-exemption-disclosed",
    description:
        "Lists every stateful workload exempted from backup, or backed up by schedule where continuous archiving is the rule, with the reason its annotation gives, for review.",
    enforcementLevel: "advisory",
    check: (views) =>
        storesOf(views, tiersDefaults).flatMap((store) => [
            ...(store.exemption === undefined ? [] : [findingAt(store.view, `exempt from backup (${annotations.backupExempt}): ${store.exemption}`)]),
            ...(store.scheduledBackupReason === undefined
                ? []
                : [findingAt(store.view, `scheduled backups instead of continuous archiving (${annotations.scheduledBackupReason}): ${store.scheduledBackupReason}`)]),
        ]),
});
