/**
 * The diff's exit code, for CI: it says whether anything changed and, separately, whether data is
 * at risk, so a pipeline can require an explicit approval for the latter only.
 */
import { hasChanges, PlanDiff } from "./planDiff";

export const exitCodes = {
    /** Both plans render the same objects and resources. */
    unchanged: 0,
    /** Something changes; no data is at risk. */
    changed: 1,
    /** A stateful object (StatefulSet, claim, credentials Secret, Namespace, generated password) is deleted or replaced. */
    dataAtRisk: 2,
    /** Bad usage or an unreadable plan folder: nothing can be said about the change. */
    error: 3,
} as const;

export function exitCodeOf(diff: PlanDiff): number {
    if (diff.dataAtRisk.length > 0) return exitCodes.dataAtRisk;
    return hasChanges(diff) ? exitCodes.changed : exitCodes.unchanged;
}

/** What the exit code means, as the reports end. */
export function verdict(diff: PlanDiff): string {
    switch (exitCodeOf(diff)) {
        case exitCodes.dataAtRisk:
            return `data at risk (exit ${exitCodes.dataAtRisk})`;
        case exitCodes.changed:
            return `changes, no data at risk (exit ${exitCodes.changed})`;
        default:
            return `no changes (exit ${exitCodes.unchanged})`;
    }
}
