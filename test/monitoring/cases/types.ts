/**
 * promtool unit-test cases as data: input series, and at which evaluation times which alerts are
 * expected to fire. `render.ts` turns them into `promtool test rules` files.
 */

export interface InputSeries {
    /** `metric{label="value"}` */
    readonly series: string;
    /** promtool's expanding notation: `0+60x30`, `1x20`, `0x10 1x10`. */
    readonly values: string;
}

export interface Check {
    /** Seconds after the start of the series. */
    readonly atSeconds: number;
    /** Label sets (besides alertname) of the alerts expected firing; empty: none. */
    readonly firing: readonly Readonly<Record<string, string>>[];
}

export interface AlertCase {
    readonly alert: string;
    /** The `service` label of the rule under test, for rules written once per service. */
    readonly service?: string;
    /** `fires`: crosses its threshold and fires once it held for its `for`; `silent`: stays quiet. */
    readonly kind: "fires" | "silent";
    readonly title: string;
    readonly intervalSeconds: number;
    readonly series: readonly InputSeries[];
    readonly checks: readonly Check[];
}

/** `metric{a="b",...}` for input series. */
export function seriesName(metric: string, labels: Readonly<Record<string, string>>): string {
    const body = Object.entries(labels)
        .map(([k, v]) => `${k}="${v}"`)
        .join(",");
    return `${metric}{${body}}`;
}

/** A number as promtool's series notation reads it (no exponent, no float noise). */
export function value(n: number): string {
    return String(Number(n.toPrecision(12)));
}

/**
 * The checks of a firing case: nothing yet one interval before the condition has held for `for`,
 * firing one interval after.
 */
export function firesAfter(conditionStart: number, forSeconds: number, interval: number, labels: Record<string, string>): Check[] {
    return [
        { atSeconds: conditionStart + forSeconds - interval, firing: [] },
        { atSeconds: conditionStart + forSeconds + interval, firing: [labels] },
    ];
}
