/**
 * What a user waits for: the offline plan and the audit run as commands, each in a fresh Node
 * process, so module loading and TypeScript compilation are part of the measure.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { projectRoot } from "../stackFile";

export interface Command {
    readonly label: string;
    readonly program: string;
    readonly args: readonly string[];
    /** Exit codes that mean the command ran to the end (the audit exits 1 on violations). */
    readonly okCodes: readonly number[];
}

/** Runs a command once, synchronously; returns its wall time in ms, or throws with its stderr. */
export function timeCommand(command: Command): number {
    const start = process.hrtime.bigint();
    const run = spawnSync(command.program, [...command.args], { cwd: projectRoot, encoding: "utf8", stdio: "pipe" });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (run.error) throw run.error;
    if (!command.okCodes.includes(run.status ?? -1)) {
        throw new Error(`${command.label} exited ${run.status}: ${(run.stderr || run.stdout).trim().split("\n").slice(-5).join("\n")}`);
    }
    return ms;
}

export function planCommand(stack: string): Command {
    return { label: `npx tsx tools/plan.ts ${stack}`, program: "npx", args: ["tsx", "tools/plan.ts", stack], okCodes: [0] };
}

/**
 * The audit of a stack, when this checkout has one (it comes from the policy pack's branch):
 * `tools/audit.ts` directly, else the `audit` npm script; undefined when neither exists.
 */
export function auditCommand(stack: string): Command | undefined {
    const okCodes = [0, 1];
    if (fs.existsSync(path.join(projectRoot, "tools", "audit.ts"))) {
        return { label: `npx tsx tools/audit.ts ${stack}`, program: "npx", args: ["tsx", "tools/audit.ts", stack], okCodes };
    }
    const manifest = JSON.parse(fs.readFileSync(path.join(projectRoot, "package.json"), "utf8")) as { scripts?: Record<string, string> };
    if (manifest.scripts?.audit) {
        return { label: `npm run audit -- ${stack}`, program: "npm", args: ["run", "--silent", "audit", "--", stack], okCodes };
    }
    return undefined;
}
