/** Backup policies: RPO, job settings, retention, off-site copies, restore jobs, exemptions. */
import { backupExemptions } from "./exemptions";
import { backupJobSettings } from "./jobSettings";
import { backupOffsite } from "./offsite";
import { backupRestoreJob } from "./restore";
import { backupRetention } from "./retention";
import { backupMeetsRpo } from "./rpo";

export const backupPolicies = [backupMeetsRpo, backupJobSettings, backupRetention, backupOffsite, backupRestoreJob, backupExemptions];
