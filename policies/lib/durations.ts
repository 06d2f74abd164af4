/** Durations as the policies meet them, beyond the catalog's label format. */
import { formatDuration } from "../../catalog/duration";

/**
 * A PostgreSQL time setting in seconds (`60`, `'60s'`, `1min`, `1h`, `500ms`); a bare number is in
 * the setting's unit, seconds for `archive_timeout`. Undefined when unreadable.
 */
export function postgresSeconds(text: string): number | undefined {
    const match = /^\s*'?\s*(\d+(?:\.\d+)?)\s*(ms|s|min|h|d)?\s*'?\s*$/.exec(text);
    if (!match) return undefined;
    const units: Record<string, number> = { ms: 0.001, s: 1, min: 60, h: 3600, d: 86400 };
    return Number(match[1]) * units[match[2] ?? "s"];
}

/** Seconds for a report: `90s`, `5m`, `24h`, `7d`, or `never`. */
export function describeSeconds(seconds: number): string {
    if (!Number.isFinite(seconds)) return "never";
    if (seconds >= 2 * 86400 && seconds % 86400 === 0) return `${seconds / 86400}d`;
    return formatDuration(Math.round(seconds));
}
