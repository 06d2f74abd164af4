/** Timing helpers: wall-clock milliseconds and the median of repeated runs. */

export function median(values: readonly number[]): number {
    if (values.length === 0) throw new Error("median of no values");
    const sorted = [...values].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Milliseconds an async function takes, with its result. */
export async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; result: T }> {
    const start = process.hrtime.bigint();
    const result = await run();
    return { ms: Number(process.hrtime.bigint() - start) / 1e6, result };
}

/** Runs `count` times one after the other (never concurrently: runs would compete for the CPU). */
export async function repeat<T>(count: number, run: () => Promise<T>): Promise<{ ms: number[]; last: T }> {
    const ms: number[] = [];
    let last: T | undefined;
    for (let i = 0; i < count; i++) {
        const sample = await timed(run);
        ms.push(sample.ms);
        last = sample.result;
    }
    if (last === undefined) throw new Error("repeat needs at least one run");
    return { ms, last };
}
