/** What the cases need to know about the stack under test. */
import { MetricNames } from "../../../config/sections/monitoring";

export interface CaseContext {
    readonly namespace: string;
    readonly metrics: MetricNames;
    /** BackupStale's `for`, in seconds. */
    readonly backupGraceSeconds: number;
}
