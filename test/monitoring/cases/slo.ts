/**
 * Cases of the SLO alerts, for every SLO of the catalog: the error ratio held at a multiple of the
 * error budget (a burn rate). A 14.5x burn pages through the 1h/5m pair (after quiet hours, so the
 * 6h/30m pair cannot) and a steady 6.5x burn through the 6h/30m pair; a 1x and a 5.9x burn do not
 * page. A 1.5x burn opens a ticket through the 3d/6h pair, 0.9x does not. (The 1d/2h ticket pair
 * cannot be told apart here: with every window filled, 3x over a day implies over 1x over 3 days.)
 * The latency alert fires when p95 is above the objective, not just below it.
 */
import { catalogEntries } from "../../../catalog/services";
import { SloTarget, sloTargets } from "../../../components/monitoring/rules/sli";
import { CaseContext } from "./context";
import { AlertCase, Check, firesAfter, InputSeries, seriesName, value } from "./types";

const interval = 60;
const steps = 60;

function budgetOf(target: SloTarget): number {
    return 1 - target.slo.availability;
}

/** A stretch of time during which the error ratio holds at `ratio`. */
interface Phase {
    readonly ratio: number;
    readonly steps: number;
}

/** promtool series values: a counter growing by `increment(phase)` per step, phase after phase. */
function counterValues(phases: readonly Phase[], increment: (p: Phase) => number): string {
    let current = 0;
    return phases
        .map((phase, i) => {
            const step = increment(phase);
            // The first phase also writes the starting sample.
            const text = i === 0 ? `0+${value(step)}x${phase.steps}` : `${value(current + step)}+${value(step)}x${phase.steps - 1}`;
            current += step * phase.steps;
            return text;
        })
        .join(" ");
}

function gaugeValues(phases: readonly Phase[], level: (p: Phase) => number): string {
    return phases.map((phase, i) => `${value(level(phase))}x${i === 0 ? phase.steps : phase.steps - 1}`).join(" ");
}

/** Series holding a service's error ratio through phases, and when the ratio first exists. */
function atErrorRatios(ctx: CaseContext, target: SloTarget, phases: readonly Phase[]): { series: InputSeries[]; start: number } {
    const source = target.source;
    if (source.kind === "requests") {
        const labels = { namespace: ctx.namespace, job: source.job, service: target.entry.id };
        return {
            series: [
                { series: seriesName(ctx.metrics.requestsTotal, labels), values: counterValues(phases, () => 1000) },
                { series: seriesName(ctx.metrics.requestErrorsTotal, labels), values: counterValues(phases, (p) => 1000 * p.ratio) },
            ],
            // rate() needs two samples.
            start: interval,
        };
    }
    const labels = { namespace: ctx.namespace, [source.controller]: source.name };
    const [ready, desired] =
        source.controller === "statefulset"
            ? ["kube_statefulset_status_replicas_ready", "kube_statefulset_replicas"]
            : ["kube_deployment_status_replicas_available", "kube_deployment_spec_replicas"];
    // The ready gauge stands for readiness averaged over time: 1 - ratio of one replica.
    return {
        series: [
            { series: seriesName(desired, labels), values: gaugeValues(phases, () => 1) },
            { series: seriesName(ready, labels), values: gaugeValues(phases, (p) => 1 - p.ratio) },
        ],
        start: 0,
    };
}

function alertLabels(ctx: CaseContext, target: SloTarget, page: boolean): Record<string, string> {
    return {
        namespace: ctx.namespace,
        service: target.entry.id,
        slo: "availability",
        severity: page ? "critical" : "warning",
        slo_alert: page ? "page" : "ticket",
    };
}

/** A burn held steady from the start: every window sees the same ratio. */
function steadyBurn(
    ctx: CaseContext,
    target: SloTarget,
    alert: "SLOErrorBudgetBurnFast" | "SLOErrorBudgetBurnSlow",
    burn: number,
    fires: boolean,
    why: string,
): AlertCase {
    const { series, start } = atErrorRatios(ctx, target, [{ ratio: burn * budgetOf(target), steps }]);
    const page = alert === "SLOErrorBudgetBurnFast";
    const forSeconds = page ? 120 : 900;
    const checks: Check[] = fires ? firesAfter(start, forSeconds, interval, alertLabels(ctx, target, page)) : [{ atSeconds: 1800, firing: [] }];
    return {
        alert,
        service: target.entry.id,
        kind: fires ? "fires" : "silent",
        title: `${target.entry.id}: steady ${burn}x burn ${why}`,
        intervalSeconds: interval,
        series,
        checks,
    };
}

/**
 * Six quiet hours, then a 14.5x burn for an hour: only the 1h/5m pair can page (the 6h ratio stays
 * near 2.4x). It has not paged before the hour is full, and pages once it held for `for` (2m).
 */
function fastBurnAfterQuiet(ctx: CaseContext, target: SloTarget): AlertCase {
    const quiet = 360;
    const { series } = atErrorRatios(ctx, target, [
        { ratio: 0, steps: quiet },
        { ratio: 14.5 * budgetOf(target), steps: 70 },
    ]);
    const hourFull = (quiet + 60) * interval;
    return {
        alert: "SLOErrorBudgetBurnFast",
        service: target.entry.id,
        kind: "fires",
        title: `${target.entry.id}: 14.5x burn for an hour after six quiet hours pages through the 1h/5m pair`,
        intervalSeconds: interval,
        series,
        checks: [
            { atSeconds: hourFull - 5 * interval, firing: [] },
            { atSeconds: hourFull + interval, firing: [] },
            { atSeconds: hourFull + 4 * interval, firing: [alertLabels(ctx, target, true)] },
        ],
    };
}

function latencyCases(ctx: CaseContext, target: SloTarget): AlertCase[] {
    const source = target.latency;
    if (!source) return [];
    const t = target.slo.latencyP95Seconds;
    const metric = source.kind === "response" ? ctx.metrics.responseTimeBucket : ctx.metrics.dependencyDurationBucket;
    const labels = {
        namespace: ctx.namespace,
        job: source.job,
        service: source.kind === "response" ? target.entry.id : "backend",
        ...(source.kind === "client" ? { dependency: source.dependency } : {}),
    };
    // Every request lands in one bucket: p95 interpolates to 95 % of the way through it.
    const histogram = (slowBucket: number) =>
        [t / 2, t, 2 * t, Infinity].map((le) => ({
            series: seriesName(metric, { ...labels, le: le === Infinity ? "+Inf" : value(le) }),
            values: le >= slowBucket ? `0+100x${steps}` : `0x${steps}`,
        }));
    const alertLabels = { namespace: ctx.namespace, service: target.entry.id, slo: "latency", severity: "warning" };
    return [
        {
            alert: "SLOLatencyP95High",
            service: target.entry.id,
            kind: "fires",
            title: `${target.entry.id}: p95 at 1.95x its objective`,
            intervalSeconds: interval,
            series: histogram(2 * t),
            checks: firesAfter(interval, 300, interval, alertLabels),
        },
        {
            alert: "SLOLatencyP95High",
            service: target.entry.id,
            kind: "silent",
            title: `${target.entry.id}: p95 at 0.975x its objective`,
            intervalSeconds: interval,
            series: histogram(t),
            checks: [{ atSeconds: 1800, firing: [] }],
        },
    ];
}

export function sloCases(ctx: CaseContext): AlertCase[] {
    return sloTargets(catalogEntries()).flatMap((target) => [
        fastBurnAfterQuiet(ctx, target),
        steadyBurn(ctx, target, "SLOErrorBudgetBurnFast", 6.5, true, "pages through the 6h/30m pair"),
        steadyBurn(ctx, target, "SLOErrorBudgetBurnFast", 5.9, false, "does not page"),
        steadyBurn(ctx, target, "SLOErrorBudgetBurnFast", 1, false, "does not page"),
        // 1.5x is under the 3x pair: only the 1x pair (3d/6h) opens the ticket.
        steadyBurn(ctx, target, "SLOErrorBudgetBurnSlow", 1.5, true, "opens a ticket through the 3d/6h pair"),
        steadyBurn(ctx, target, "SLOErrorBudgetBurnSlow", 0.9, false, "opens no ticket"),
        ...latencyCases(ctx, target),
    ]);
}
