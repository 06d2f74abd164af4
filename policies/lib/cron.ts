/**
 * Kubernetes CronJob schedules (robfig/cron's standard parser, which the CronJob controller uses):
 * five fields `minute hour day-of-month month day-of-week` with `*`, `?`, lists, ranges, steps and
 * month/day names, plus the `@hourly`...`@yearly` and `@every <duration>` descriptors. The worst
 * case gap is the longest time between two consecutive runs, which bounds the data a backup on
 * this schedule can lose.
 */

interface Field {
    readonly values: ReadonlySet<number>;
    /** The field was `*` or `?` (robfig's "star bit"): decides how day-of-month and day-of-week combine. */
    readonly star: boolean;
}

export interface Schedule {
    readonly minutes: Field;
    readonly hours: Field;
    readonly daysOfMonth: Field;
    readonly months: Field;
    readonly daysOfWeek: Field;
}

export type ParsedSchedule = { readonly kind: "cron"; readonly schedule: Schedule } | { readonly kind: "every"; readonly seconds: number };

const monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const dayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

interface Bounds {
    readonly min: number;
    readonly max: number;
    readonly names?: readonly string[];
    /** Offset of the first name (months start at 1). */
    readonly nameBase?: number;
}

const bounds = {
    minute: { min: 0, max: 59 },
    hour: { min: 0, max: 23 },
    dayOfMonth: { min: 1, max: 31 },
    month: { min: 1, max: 12, names: monthNames, nameBase: 1 },
    // 7 is accepted as Sunday, like cron (robfig rejects it; being liberal costs nothing here).
    dayOfWeek: { min: 0, max: 7, names: dayNames, nameBase: 0 },
} satisfies Record<string, Bounds>;

const descriptors: Record<string, string> = {
    "@yearly": "0 0 1 1 *",
    "@annually": "0 0 1 1 *",
    "@monthly": "0 0 1 * *",
    "@weekly": "0 0 * * 0",
    "@daily": "0 0 * * *",
    "@midnight": "0 0 * * *",
    "@hourly": "0 * * * *",
};

export class CronError extends Error {}

function number(text: string, b: Bounds): number {
    const lower = text.toLowerCase();
    const named = b.names?.indexOf(lower) ?? -1;
    if (named >= 0) return named + (b.nameBase ?? 0);
    if (!/^\d+$/.test(text)) throw new CronError(`"${text}" is not a number`);
    const value = Number(text);
    if (value < b.min || value > b.max) throw new CronError(`${value} is outside ${b.min}-${b.max}`);
    return value;
}

function parseField(text: string, b: Bounds): Field {
    const values = new Set<number>();
    let star = false;
    for (const part of text.split(",")) {
        const [range, stepText, extra] = part.split("/");
        if (extra !== undefined || range === "") throw new CronError(`"${part}" is not a valid range`);
        const step = stepText === undefined ? 1 : number(stepText, { min: 1, max: b.max + 1 });
        let start: number;
        let end: number;
        if (range === "*" || range === "?") {
            [start, end] = [b.min, b.max];
            // `*/2` restricts the field, so it no longer counts as a star.
            star = star || step === 1;
        } else {
            const [low, high, more] = range.split("-");
            if (more !== undefined) throw new CronError(`"${range}" is not a valid range`);
            start = number(low, b);
            // `N/step` means N through the maximum.
            end = high !== undefined ? number(high, b) : stepText !== undefined ? b.max : start;
            if (end < start) throw new CronError(`"${range}" ends before it starts`);
        }
        for (let v = start; v <= end; v += step) values.add(v);
    }
    return { values, star };
}

/** Parses a schedule; throws CronError with the reason when it is not valid. */
export function parseSchedule(text: string): ParsedSchedule {
    // A leading CRON_TZ=/TZ= picks the clock, which does not change the gaps between runs.
    const trimmed = text.trim().replace(/^(CRON_TZ|TZ)=\S+\s+/, "");
    const every = /^@every\s+(\S+)$/.exec(trimmed);
    if (every) return { kind: "every", seconds: goDurationSeconds(every[1]) };
    const expanded = descriptors[trimmed.toLowerCase()] ?? trimmed;
    const fields = expanded.split(/\s+/);
    if (fields.length !== 5) throw new CronError(`expected 5 fields, found ${fields.length}`);
    const [minute, hour, dayOfMonth, month, dayOfWeek] = fields;
    const daysOfWeek = parseField(dayOfWeek, bounds.dayOfWeek);
    const sundays = new Set([...daysOfWeek.values].map((d) => (d === 7 ? 0 : d)));
    return {
        kind: "cron",
        schedule: {
            minutes: parseField(minute, bounds.minute),
            hours: parseField(hour, bounds.hour),
            daysOfMonth: parseField(dayOfMonth, bounds.dayOfMonth),
            months: parseField(month, bounds.month),
            daysOfWeek: { values: sundays, star: daysOfWeek.star },
        },
    };
}

/** Go's duration syntax as `@every` takes it (`1h30m`, `90s`, `1.5h`). */
function goDurationSeconds(text: string): number {
    const units: Record<string, number> = { ns: 1e-9, us: 1e-6, "µs": 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };
    const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)];
    if (parts.length === 0 || parts.map((p) => p[0]).join("") !== text) throw new CronError(`"${text}" is not a duration`);
    const seconds = parts.reduce((total, [, amount, unit]) => total + Number(amount) * units[unit], 0);
    // robfig rounds @every down to whole seconds, with a one-second minimum.
    return Math.max(1, Math.floor(seconds));
}

/** robfig's rule: if either day field is a star, both must match; otherwise either may. */
function dayMatches(schedule: Schedule, date: Date): boolean {
    const dom = schedule.daysOfMonth.values.has(date.getUTCDate());
    const dow = schedule.daysOfWeek.values.has(date.getUTCDay());
    return schedule.daysOfMonth.star || schedule.daysOfWeek.star ? dom && dow : dom || dow;
}

const dayMs = 86_400_000;
/**
 * Scanned window: 56 years from 2001, two full 28-year cycles of weekdays and leap years with no
 * skipped leap year (2100 is outside), so every gap a schedule can produce appears in it.
 */
const windowStart = Date.UTC(2001, 0, 1);
const windowDays = Math.round((Date.UTC(2057, 0, 1) - windowStart) / dayMs);

/**
 * The longest time, in seconds, between two consecutive runs of a schedule; `Infinity` when it
 * never runs (`0 0 30 2 *`). Hours and minutes are the same on every day that runs, so the gaps
 * inside a day are computed once and only the day-to-day gaps are scanned.
 */
export function worstCaseGapSeconds(parsed: ParsedSchedule): number {
    if (parsed.kind === "every") return parsed.seconds;
    const { schedule } = parsed;
    const dayMinutes = [...schedule.hours.values]
        .flatMap((h) => [...schedule.minutes.values].map((m) => h * 60 + m))
        .sort((a, b) => a - b);
    if (dayMinutes.length === 0) return Infinity;
    let worst = 0;
    for (let i = 1; i < dayMinutes.length; i++) worst = Math.max(worst, dayMinutes[i] - dayMinutes[i - 1]);
    const first = dayMinutes[0];
    const last = dayMinutes[dayMinutes.length - 1];
    let previousDay: number | undefined;
    for (let day = 0; day < windowDays; day++) {
        const date = new Date(windowStart + day * dayMs);
        if (!schedule.months.values.has(date.getUTCMonth() + 1) || !dayMatches(schedule, date)) continue;
        if (previousDay !== undefined) worst = Math.max(worst, (day - previousDay) * 1440 + first - last);
        previousDay = day;
    }
    return previousDay === undefined ? Infinity : worst * 60;
}
