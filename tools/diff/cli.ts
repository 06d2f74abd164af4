/**
 * `npm run diff -- <before> <after> [--format text|markdown] [--output <file>]`: compares two
 * offline plan folders (`out/<stack>`) and exits with the code of `exitCode.ts`.
 */
import * as fs from "node:fs";
import { exitCodeOf, exitCodes } from "./exitCode";
import { loadPlan, PlanLoadError } from "./loadPlan";
import { diffPlans } from "./planDiff";
import { renderMarkdown } from "./renderMarkdown";
import { renderText } from "./renderText";

export const usage = [
    "usage: npm run diff -- <before-plan-dir> <after-plan-dir> [--format text|markdown] [--output <file>]",
    "  e.g. npm run diff -- base/out/staging out/staging --format markdown",
    `exit codes: ${exitCodes.unchanged} no changes, ${exitCodes.changed} changes, ` +
        `${exitCodes.dataAtRisk} data at risk, ${exitCodes.error} usage error or unreadable plan`,
].join("\n");

export interface DiffOptions {
    readonly before: string;
    readonly after: string;
    readonly format: "text" | "markdown";
    readonly output?: string;
}

export class UsageError extends Error {}

export function parseArguments(argv: readonly string[]): DiffOptions {
    const positional: string[] = [];
    let format: DiffOptions["format"] = "text";
    let output: string | undefined;
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        const [flag, inline] = arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
        const value = () => {
            const next = inline ?? argv[++i];
            if (next === undefined) throw new UsageError(`${flag} needs a value`);
            return next;
        };
        if (flag === "--format") {
            const chosen = value();
            if (chosen !== "text" && chosen !== "markdown") throw new UsageError(`--format must be text or markdown, not ${chosen}`);
            format = chosen;
        } else if (flag === "--output") {
            output = value();
        } else if (flag.startsWith("-")) {
            throw new UsageError(`unknown option ${flag}`);
        } else {
            positional.push(arg);
        }
    }
    if (positional.length !== 2) throw new UsageError("expected two plan folders");
    return { before: positional[0], after: positional[1], format, output };
}

/** Runs the diff; returns the exit code. Printing goes through the given streams (tests capture them). */
export function runDiff(
    argv: readonly string[],
    out: (text: string) => void = (t) => process.stdout.write(t),
    err: (text: string) => void = (t) => process.stderr.write(t),
): number {
    try {
        const options = parseArguments(argv);
        const diff = diffPlans(loadPlan(options.before), loadPlan(options.after));
        const report = options.format === "markdown" ? renderMarkdown(diff) : renderText(diff);
        if (options.output) fs.writeFileSync(options.output, report);
        else out(report);
        return exitCodeOf(diff);
    } catch (error) {
        if (error instanceof UsageError) err(`${error.message}\n${usage}\n`);
        else if (error instanceof PlanLoadError) err(`${error.message}\n`);
        else throw error;
        return exitCodes.error;
    }
}
