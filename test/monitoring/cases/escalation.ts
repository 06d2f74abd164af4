/**
 * Escalation cases: a critical alert (ServiceDown) still firing 15 minutes after it fired reaches
 * level 2, after 60 minutes level 3; one resolved in 10 minutes, or a warning, never escalates.
 */
import { CaseContext } from "./context";
import { AlertCase, seriesName } from "./types";

const interval = 15;

export function escalationCases(ctx: CaseContext): AlertCase[] {
    const target = { job: "jarvis-backend", namespace: ctx.namespace, service: "backend", instance: "10.0.0.7:8100" };
    const down = { series: seriesName("up", target), values: "0x260" };
    // ServiceDown fires 30 s after the target goes down.
    const firedAt = 30;
    const escalated = (level: string) => ({ ...target, severity: "critical", escalated_alert: "ServiceDown", escalation_level: level });
    return [
        {
            alert: "EscalateToLevel2",
            kind: "fires",
            title: "ServiceDown unresolved for 15 minutes",
            intervalSeconds: interval,
            series: [down],
            checks: [
                { atSeconds: firedAt + 900 - interval, firing: [] },
                { atSeconds: firedAt + 900 + interval, firing: [escalated("2")] },
            ],
        },
        {
            alert: "EscalateToLevel3",
            kind: "fires",
            title: "ServiceDown unresolved for 60 minutes",
            intervalSeconds: interval,
            series: [down],
            checks: [
                { atSeconds: firedAt + 3600 - interval, firing: [] },
                { atSeconds: firedAt + 3600 + interval, firing: [escalated("3")] },
            ],
        },
        {
            alert: "EscalateToLevel2",
            kind: "silent",
            title: "ServiceDown resolved after 10 minutes",
            intervalSeconds: interval,
            series: [{ series: seriesName("up", target), values: "0x40 1x80" }],
            checks: [{ atSeconds: 1500, firing: [] }],
        },
        {
            alert: "EscalateToLevel3",
            kind: "silent",
            title: "ServiceDown resolved after 50 minutes",
            intervalSeconds: interval,
            series: [{ series: seriesName("up", target), values: "0x200 1x60" }],
            checks: [{ atSeconds: 3900, firing: [] }],
        },
        {
            alert: "EscalateToLevel2",
            kind: "silent",
            title: "a warning (DatabaseConnectionsHigh) firing for half an hour",
            intervalSeconds: interval,
            series: [{ series: seriesName(ctx.metrics.databaseConnectionsActive, target), values: "90x160" }],
            checks: [{ atSeconds: 2400, firing: [] }],
        },
    ];
}
