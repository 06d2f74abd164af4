/** Durations as labels and annotations write them (`1m`, `15m`, `1h`, `30s`). */

/** Formats seconds in the largest whole unit: 60 -> "1m", 3600 -> "1h", 90 -> "90s". */
export function formatDuration(seconds: number): string {
    if (seconds > 0 && seconds % 3600 === 0) return `${seconds / 3600}h`;
    if (seconds > 0 && seconds % 60 === 0) return `${seconds / 60}m`;
    return `${seconds}s`;
}

const units: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** Parses "1m", "15m", "1h30m", "90s"; undefined when the text is not a duration. */
export function parseDuration(text: string): number | undefined {
    const parts = [...text.matchAll(/(\d+)([smhd])/g)];
    if (parts.length === 0 || parts.map((p) => p[0]).join("") !== text) return undefined;
    return parts.reduce((total, [, amount, unit]) => total + Number(amount) * units[unit], 0);
}
