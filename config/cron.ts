/**
 * Five-field cron schedules as Kubernetes CronJobs read them, and the worst-case gap between two
 * runs: what a schedule means for a recovery point objective.
 */

interface FieldSpec {
    readonly min: number;
    readonly max: number;
}

const fields: readonly FieldSpec[] = [
    { min: 0, max: 59 }, // minute
    { min: 0, max: 23 }, // hour
    { min: 1, max: 31 }, // day of month
    { min: 1, max: 12 }, // month
    { min: 0, max: 7 }, // day of week (0 and 7 are Sunday)
];

/** A parsed schedule: the allowed values of each field, and whether the day fields were restricted. */
export interface CronSchedule {
    readonly minutes: ReadonlySet<number>;
    readonly hours: ReadonlySet<number>;
    readonly daysOfMonth: ReadonlySet<number>;
    readonly months: ReadonlySet<number>;
    readonly daysOfWeek: ReadonlySet<number>;
    readonly dayOfMonthRestricted: boolean;
    readonly dayOfWeekRestricted: boolean;
}

function parseField(text: string, spec: FieldSpec): Set<number> | undefined {
    const values = new Set<number>();
    for (const part of text.split(",")) {
        const match = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
        if (!match) return undefined;
        const [, range, start, end, step] = match;
        const from = range === "*" ? spec.min : Number(start);
        const to = range === "*" ? spec.max : end !== undefined ? Number(end) : step !== undefined ? spec.max : from;
        const increment = step === undefined ? 1 : Number(step);
        if (from < spec.min || to > spec.max || from > to || increment < 1) return undefined;
        for (let value = from; value <= to; value += increment) values.add(value);
    }
    return values;
}

/** Parses a five-field schedule (numbers, `*`, ranges, steps, lists); undefined when invalid. */
export function parseCron(expression: string): CronSchedule | undefined {
    const parts = expression.trim().split(/\s+/);
    if (parts.length !== 5) return undefined;
    const parsed = parts.map((part, index) => parseField(part, fields[index]));
    const [minutes, hours, daysOfMonth, months, daysOfWeek] = parsed;
    if (!minutes || !hours || !daysOfMonth || !months || !daysOfWeek) return undefined;
    if (daysOfWeek.has(7)) daysOfWeek.add(0);
    return {
        minutes,
        hours,
        daysOfMonth,
        months,
        daysOfWeek,
        dayOfMonthRestricted: parts[2] !== "*",
        dayOfWeekRestricted: parts[4] !== "*",
    };
}

/** Whether the schedule fires at this minute (UTC), with cron's rule that restricted day fields OR together. */
function firesAt(schedule: CronSchedule, date: Date): boolean {
    if (!schedule.minutes.has(date.getUTCMinutes()) || !schedule.hours.has(date.getUTCHours())) return false;
    if (!schedule.months.has(date.getUTCMonth() + 1)) return false;
    const dom = schedule.daysOfMonth.has(date.getUTCDate());
    const dow = schedule.daysOfWeek.has(date.getUTCDay());
    if (schedule.dayOfMonthRestricted && schedule.dayOfWeekRestricted) return dom || dow;
    return dom && dow;
}

/** Minutes at which the schedule fires over `minutes` minutes from `start` (UTC). */
function firings(schedule: CronSchedule, start: number, minutes: number): number[] {
    const found: number[] = [];
    for (let minute = 0; minute < minutes; minute++) {
        if (firesAt(schedule, new Date(start + minute * 60_000))) found.push(minute);
    }
    return found;
}

/**
 * Longest time between two consecutive runs, in seconds. Schedules restricted by minute and hour
 * repeat daily, those also restricted by weekday repeat weekly: both are measured over one cycle,
 * wrapping around. Others (days of the month, months) are walked over five years, leap year included.
 */
export function worstCaseGapSeconds(expression: string): number {
    const schedule = parseCron(expression);
    if (!schedule) throw new Error(`not a cron schedule: ${expression}`);
    const start = Date.UTC(2024, 0, 1);
    const cyclic = !schedule.dayOfMonthRestricted && schedule.months.size === 12;
    const period = cyclic ? (schedule.dayOfWeekRestricted ? 7 : 1) * 24 * 60 : (5 * 365 + 1) * 24 * 60;
    const runs = firings(schedule, start, period);
    if (runs.length === 0 || (!cyclic && runs.length < 2)) throw new Error(`schedule runs too rarely to measure: ${expression}`);
    let gap = cyclic ? runs[0] + period - runs[runs.length - 1] : 0;
    for (let i = 1; i < runs.length; i++) gap = Math.max(gap, runs[i] - runs[i - 1]);
    return gap * 60;
}

/** The schedule that runs every `seconds` (a whole number of minutes dividing an hour, or of hours dividing a day). */
export function cronEvery(seconds: number): string {
    const minutes = seconds / 60;
    if (Number.isInteger(minutes) && minutes >= 1 && minutes < 60 && 60 % minutes === 0) {
        return minutes === 1 ? "* * * * *" : `*/${minutes} * * * *`;
    }
    const hours = seconds / 3600;
    if (Number.isInteger(hours) && hours >= 1 && hours <= 24 && 24 % hours === 0) {
        return hours === 24 ? "0 0 * * *" : `0 */${hours} * * *`;
    }
    throw new Error(`no cron schedule runs exactly every ${seconds} s`);
}
