/**
 * The runbook's escalation matrix (contacts.yaml, `escalation_matrix`), by role, never by person:
 * level 1 for the first 15 minutes of a critical alert, level 2 up to an hour, level 3 beyond.
 *
 * Alertmanager knows nothing of acknowledgements, so escalation works in two layers:
 * - the pager (the `pagerWebhookUrl` receiver) escalates an unacknowledged page along its own
 *   escalation policy, which must mirror these levels (15 and 60 minutes);
 * - independently of any pager, Prometheus raises EscalateToLevel2/EscalateToLevel3 when a critical
 *   alert is still firing after 15 and 60 minutes, routed to the next level's receivers. Acknowledge
 *   in Alertmanager with a silence on the alert's labels without `alertname` (for example
 *   `job="jarvis-backend"`): the escalation alerts carry the same labels, so the silence covers them.
 */

export interface EscalationLevel {
    readonly level: 1 | 2 | 3;
    /** The runbook's name of the situation. */
    readonly situation: string;
    /** Seconds a critical alert has been firing when this level takes over. */
    readonly afterSeconds: number;
    /** Roles that respond (the runbook's responders). */
    readonly responders: readonly string[];
    /** What they do, from the runbook. */
    readonly actions: readonly string[];
}

export const escalationMatrix: readonly EscalationLevel[] = [
    {
        level: 1,
        situation: "service degradation",
        afterSeconds: 0,
        responders: ["devops-oncall"],
        actions: ["automated diagnostics", "restart services if needed", "notify the team"],
    },
    {
        level: 2,
        situation: "partial outage",
        afterSeconds: 15 * 60,
        responders: ["devops-lead", "technical-lead"],
        actions: ["in-depth investigation", "roll back if needed", "customer communication", "war room if needed"],
    },
    {
        level: 3,
        situation: "complete outage",
        afterSeconds: 60 * 60,
        responders: ["technical-lead", "cto", "management"],
        actions: ["activate disaster recovery", "executive communication", "mandatory post-mortem", "preventive action plan"],
    },
];

/** Name of the alert that hands a critical alert over to a level. */
export function escalationAlertName(level: 2 | 3): string {
    return `EscalateToLevel${level}`;
}
