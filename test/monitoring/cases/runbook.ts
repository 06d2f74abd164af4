/**
 * Cases of the runbook's four alerts, with the runbook's thresholds and durations written out here
 * (not read from the rules), so a change to either shows up as a failing case.
 */
import { CaseContext } from "./context";
import { AlertCase, firesAfter, seriesName } from "./types";

export function runbookCases(ctx: CaseContext): AlertCase[] {
    const ns = ctx.namespace;
    const m = ctx.metrics;
    const target = { job: "jarvis-backend", namespace: ns, service: "backend", instance: "10.0.0.7:8100" };
    const requests = (errorsPerStep: number) => [
        { series: seriesName(m.requestsTotal, target), values: "0+100x60" },
        { series: seriesName(m.requestErrorsTotal, target), values: `0+${errorsPerStep}x60` },
    ];
    const container = { namespace: ns, pod: "backend-7d9f8-abcde", container: "backend" };
    const memory = (used: number, limit: number) => [
        { series: seriesName(m.containerMemoryUsage, container), values: `${used}x60` },
        { series: seriesName(m.containerMemoryLimit, container), values: `${limit}x60` },
    ];
    return [
        {
            alert: "ServiceDown",
            kind: "fires",
            title: "a jarvis-* target down for 30 s",
            intervalSeconds: 15,
            series: [{ series: seriesName("up", target), values: "0x20" }],
            checks: firesAfter(0, 30, 15, { ...target, severity: "critical" }),
        },
        {
            alert: "ServiceDown",
            kind: "silent",
            title: "a jarvis-* target up",
            intervalSeconds: 15,
            series: [{ series: seriesName("up", target), values: "1x20" }],
            checks: [{ atSeconds: 240, firing: [] }],
        },
        {
            alert: "ServiceDown",
            kind: "silent",
            title: "a target down in another namespace",
            intervalSeconds: 15,
            series: [{ series: seriesName("up", { ...target, namespace: "elsewhere" }), values: "0x20" }],
            checks: [{ atSeconds: 240, firing: [] }],
        },
        {
            alert: "HighErrorRate",
            kind: "fires",
            title: "6 % of requests failing for 2 minutes",
            intervalSeconds: 15,
            series: requests(6),
            // rate() needs two samples: the ratio exists from the second one.
            checks: firesAfter(15, 120, 15, { namespace: ns, job: "jarvis-backend", severity: "critical" }),
        },
        {
            alert: "HighErrorRate",
            kind: "silent",
            title: "4.9 % of requests failing",
            intervalSeconds: 15,
            series: requests(4.9),
            checks: [{ atSeconds: 600, firing: [] }],
        },
        {
            alert: "DatabaseConnectionsHigh",
            kind: "fires",
            title: "81 connections for 5 minutes",
            intervalSeconds: 15,
            series: [{ series: seriesName(m.databaseConnectionsActive, target), values: "81x60" }],
            checks: firesAfter(0, 300, 15, { ...target, severity: "warning" }),
        },
        {
            alert: "DatabaseConnectionsHigh",
            kind: "silent",
            title: "80 connections",
            intervalSeconds: 15,
            series: [{ series: seriesName(m.databaseConnectionsActive, target), values: "80x60" }],
            checks: [{ atSeconds: 600, firing: [] }],
        },
        {
            alert: "MemoryUsageHigh",
            kind: "fires",
            title: "95 % of the memory limit for 5 minutes",
            intervalSeconds: 15,
            series: memory(950, 1000),
            checks: firesAfter(0, 300, 15, { ...container, severity: "warning" }),
        },
        {
            alert: "MemoryUsageHigh",
            kind: "silent",
            title: "89.9 % of the memory limit",
            intervalSeconds: 15,
            series: memory(899, 1000),
            checks: [{ atSeconds: 600, firing: [] }],
        },
        {
            alert: "MemoryUsageHigh",
            kind: "silent",
            title: "a container without a memory limit",
            intervalSeconds: 15,
            series: memory(950, 0),
            checks: [{ atSeconds: 600, firing: [] }],
        },
    ];
}
