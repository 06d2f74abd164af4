import { describe, expect, it } from "vitest";
import { CronError, parseSchedule, worstCaseGapSeconds } from "./cron";

const gap = (schedule: string) => worstCaseGapSeconds(parseSchedule(schedule));
const hour = 3600;
const day = 86400;

describe("cron worst-case gap", () => {
    it.each([
        ["0 2 * * *", day],
        ["* * * * *", 60],
        ["*/15 * * * *", 15 * 60],
        // 0,7,...,56 then the next hour's 0: the longest gap is 7 minutes.
        ["*/7 * * * *", 7 * 60],
        ["5,35 */6 * * *", 5 * hour + 30 * 60],
        ["30 1-5/2 * * *", 20 * hour],
        // Friday 17:00 to Monday 09:00.
        ["0 9-17 * * MON-FRI", 64 * hour],
        ["0 0 * * 0", 7 * day],
        ["0 0 * * 7", 7 * day],
        // Months with 31 days: up to two months apart (May 31 to Jul 31).
        ["0 0 31 * *", 61 * day],
        // Leap days: four years apart within the scanned window.
        ["0 0 29 feb *", 1461 * day],
        // Day-of-month and day-of-week both restricted: either matches (1st, 15th, and Fridays).
        ["0 0 1,15 * 5", 7 * day],
        ["@hourly", hour],
        ["@daily", day],
        ["@weekly", 7 * day],
        ["@every 90s", 90],
        ["@every 1h30m", 5400],
        ["CRON_TZ=Europe/Paris 0 2 * * *", day],
    ])("%s leaves up to %i s between runs", (schedule, seconds) => {
        expect(gap(schedule)).toBe(seconds);
    });

    it("says a schedule that never fires has an infinite gap", () => {
        expect(gap("0 0 30 2 *")).toBe(Infinity);
    });

    it.each(["61 * * * *", "* * *", "0 0 * * 8", "5-1 * * * *", "a b c d e", "@every soon"])("rejects %s", (schedule) => {
        expect(() => parseSchedule(schedule)).toThrow(CronError);
    });
});
