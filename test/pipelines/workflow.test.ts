/** The GitHub Actions workflow, read as GitHub reads it: triggers, jobs, steps and pinned actions. */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

interface Step {
    readonly name?: string;
    readonly id?: string;
    readonly if?: string;
    readonly uses?: string;
    readonly run?: string;
    readonly with?: Record<string, string | number | boolean>;
    readonly env?: Record<string, string>;
    readonly "working-directory"?: string;
}

interface Job {
    readonly name?: string;
    readonly if?: string;
    readonly needs?: string | string[];
    readonly environment?: string | { readonly name: string };
    readonly env?: Record<string, string>;
    readonly permissions?: Record<string, string>;
    readonly strategy?: { readonly matrix: { readonly stack: string[] } };
    readonly steps: Step[];
}

interface Workflow {
    readonly on: {
        readonly pull_request?: { readonly branches?: string[] };
        readonly push?: { readonly branches?: string[] };
    };
    readonly jobs: Record<string, Job>;
}

const file = path.resolve(__dirname, "../../.github/workflows/infrastructure.yml");
const workflow = parse(fs.readFileSync(file, "utf8")) as Workflow;

function job(id: string): Job {
    const found = workflow.jobs[id];
    if (!found) throw new Error(`no job ${id} in ${Object.keys(workflow.jobs).join(", ")}`);
    return found;
}

function step(of: Job, match: (s: Step) => boolean, what: string): Step {
    const found = of.steps.find(match);
    if (!found) throw new Error(`no step ${what} in ${of.name ?? "job"}`);
    return found;
}

const runs = (text: string) => (s: Step) => (s.run ?? "").includes(text);
const uses = (action: string) => (s: Step) => (s.uses ?? "").startsWith(`${action}@`);
const needs = (of: Job) => [of.needs ?? []].flat();

describe("GitHub Actions workflow", () => {
    it("runs on pull requests and on pushes to main", () => {
        expect(workflow.on.pull_request).toBeDefined();
        expect(workflow.on.push?.branches).toEqual(["main"]);
    });

    it("runs the test suite with Node 20 and the npm cache", () => {
        const tests = job("test");
        const node = step(tests, uses("actions/setup-node"), "setup-node");
        expect(node.with).toMatchObject({ "node-version": 20, cache: "npm" });
        step(tests, runs("bash scripts/test-all.sh"), "test-all");
    });

    it("plans and audits both stacks", () => {
        const plan = job("plan");
        expect(plan.strategy?.matrix.stack).toEqual(["staging", "production"]);
        expect(plan.env?.STACK).toBe("${{ matrix.stack }}");
        expect(needs(plan)).toContain("test");
        step(plan, runs('npm run plan -- "$STACK"'), "offline plan");
        step(plan, runs('npm run audit -- "$STACK"'), "audit");
    });

    it("plans the base branch in its own folder and comments the markdown diff on the pull request", () => {
        const plan = job("plan");
        const base = step(plan, (s) => uses("actions/checkout")(s) && s.with?.path === "base", "base checkout");
        expect(base.with?.ref).toBe("${{ github.event.pull_request.base.sha }}");
        expect(base.if).toContain("pull_request");
        const basePlan = step(plan, (s) => s["working-directory"] === "base", "base plan");
        expect(basePlan.run).toContain('npm run plan -- "$STACK"');
        const diff = step(plan, runs("npm run --silent diff --"), "diff");
        expect(diff.run).toContain('"base/out/$STACK" "out/$STACK" --format markdown --output plan-diff.md');
        const comment = step(plan, uses("marocchino/sticky-pull-request-comment"), "PR comment");
        expect(comment.with?.path).toBe("plan-diff.md");
        expect(plan.permissions?.["pull-requests"]).toBe("write");
        // Data at risk (exit 2) fails the check until someone approves it with a label.
        const gate = step(plan, (s) => (s.if ?? "").includes("steps.diff.outputs.exit-code == '2'"), "data-at-risk gate");
        expect(gate.if).toContain("data-loss-approved");
    });

    it("previews with the policy pack only when Pulumi credentials are configured", () => {
        const plan = job("plan");
        expect(plan.env?.PULUMI_ACCESS_TOKEN).toBe("${{ secrets.PULUMI_ACCESS_TOKEN }}");
        const preview = step(plan, uses("pulumi/actions"), "pulumi preview");
        expect(preview.with).toMatchObject({ command: "preview", diff: true, policyPacks: "policies" });
        expect(preview.if).toContain("env.PULUMI_ACCESS_TOKEN != ''");
    });

    it("deploys staging on main, then production behind the production environment", () => {
        const staging = job("deploy-staging");
        expect(staging.if).toContain("github.event_name == 'push'");
        expect(staging.if).toContain("refs/heads/main");
        expect(needs(staging)).toContain("plan");
        const upStaging = step(staging, uses("pulumi/actions"), "pulumi up staging");
        expect(upStaging.with).toMatchObject({ command: "up", policyPacks: "policies" });
        expect(String(upStaging.with?.["stack-name"])).toContain("staging");

        const production = job("deploy-production");
        expect(production.environment).toBe("production");
        expect(needs(production)).toEqual(["deploy-staging"]);
        expect(production.if).toContain("refs/heads/main");
        const upProduction = step(production, uses("pulumi/actions"), "pulumi up production");
        expect(upProduction.with).toMatchObject({ command: "up", policyPacks: "policies" });
        expect(String(upProduction.with?.["stack-name"])).toContain("production");
    });

    it("pins every action to a version", () => {
        const actions = Object.values(workflow.jobs).flatMap((j) => j.steps.flatMap((s) => (s.uses ? [s.uses] : [])));
        expect(actions.length).toBeGreaterThan(5);
        for (const action of actions) expect(action).toMatch(/@(v\d+(\.\d+){0,2}|[0-9a-f]{40})$/);
        expect(actions).toContain("pulumi/actions@v6");
    });
});
