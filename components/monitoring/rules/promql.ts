/** Small PromQL builders, so selectors are quoted the same way everywhere. */

/** A label matcher: `=` by default, `=~`/`!=`/`!~` when asked. */
export interface Matcher {
    readonly label: string;
    readonly value: string;
    readonly op?: "=" | "!=" | "=~" | "!~";
}

/** A PromQL string literal. */
export function quote(value: string): string {
    return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/** `metric{a="b",c=~"d"}`. */
export function selector(metric: string, matchers: readonly Matcher[]): string {
    if (matchers.length === 0) return metric;
    return `${metric}{${matchers.map((m) => `${m.label}${m.op ?? "="}${quote(m.value)}`).join(",")}}`;
}

/** Shorthand for equality matchers. */
export function eq(labels: Readonly<Record<string, string>>): Matcher[] {
    return Object.entries(labels).map(([label, value]) => ({ label, value }));
}

/** A number as PromQL reads it, without binary floating-point noise (1 - 0.999 -> 0.001). */
export function num(value: number): string {
    return String(Number(value.toPrecision(12)));
}
