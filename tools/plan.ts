/**
 * Offline plan: `npm run plan -- <stack>` runs the real program under Pulumi's mock runtime with
 * the stack's config file and writes `out/<stack>/manifests.yaml` (every Kubernetes object, schema
 * checked, secrets masked, in apply order), `out/<stack>/graph.json` and
 * `out/<stack>/prometheus-rules.yaml` (every PrometheusRule's groups as one plain rule file, for
 * `promtool check rules`), then prints a summary.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { ConfigError } from "../config/load";
import { buildGraph, Graph } from "./graph";
import { KubernetesObject, kubernetesObjects, toYaml } from "./manifests";
import { ProgramFailed, Registration, runUnderMocks } from "./mockRuntime";
import { ruleFileOf, ruleFileYaml } from "./prometheusRules";
import { validateObjects } from "./schemaValidation";
import { projectRoot, readStackFile, StackConfig } from "./stackFile";
import { summarize } from "./summary";

export interface Plan {
    readonly stack: string;
    readonly graph: Graph;
    readonly objects: KubernetesObject[];
    /** Schema problems, by object and field; empty when every object is valid. */
    readonly problems: string[];
    /** Every registration as the engine received it (the offline policy audit judges these). */
    readonly registrations: Registration[];
}

/** Runs the program for a stack config and renders it. */
export async function renderPlan(stackConfig: StackConfig): Promise<Plan> {
    const { jarvis } = await import("../program");
    const run = await runUnderMocks({
        stack: stackConfig.stack,
        config: stackConfig.config,
        secretKeys: stackConfig.secretKeys,
        program: jarvis,
    });
    const objects = kubernetesObjects(run.registrations);
    return {
        stack: stackConfig.stack,
        graph: buildGraph(stackConfig.stack, run.registrations),
        objects,
        problems: await validateObjects(objects),
        registrations: run.registrations,
    };
}

/** Writes the plan's files; returns the folder. */
export function writePlan(plan: Plan, outRoot = path.join(projectRoot, "out")): string {
    const dir = path.join(outRoot, plan.stack);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "manifests.yaml"), toYaml(plan.objects));
    fs.writeFileSync(path.join(dir, "graph.json"), `${JSON.stringify(plan.graph, null, 2)}\n`);
    fs.writeFileSync(path.join(dir, "prometheus-rules.yaml"), ruleFileYaml(ruleFileOf(plan.objects)));
    return dir;
}

/** Where the command reads stack files and writes plans (tests point both elsewhere). */
export interface PlanLocations {
    readonly root: string;
    readonly outRoot: string;
}

/** The command: returns its exit code (0 written, 1 schema problems, 2 usage, 3 invalid config). */
export async function main(argv: string[], locations: PlanLocations = { root: projectRoot, outRoot: path.join(projectRoot, "out") }): Promise<number> {
    const stack = argv[0];
    if (!stack || stack.startsWith("-")) {
        console.error("usage: npm run plan -- <stack>   (a Pulumi.<stack>.yaml in the project root)");
        return 2;
    }
    let plan: Plan;
    try {
        plan = await renderPlan(readStackFile(stack, locations.root));
    } catch (error) {
        const cause = error instanceof ProgramFailed ? error.cause : error;
        if (!(cause instanceof ConfigError)) throw error;
        console.error(cause.message);
        return 3;
    }
    if (plan.problems.length > 0) {
        console.error(`${plan.problems.length} object(s) do not match the Kubernetes schemas:`);
        for (const problem of plan.problems) console.error(`  - ${problem}`);
        return 1;
    }
    const dir = writePlan(plan, locations.outRoot);
    console.log(summarize(plan.graph, plan.objects));
    console.log(`wrote ${path.relative(process.cwd(), dir)}/manifests.yaml, graph.json and prometheus-rules.yaml`);
    return 0;
}

if (require.main === module) {
    main(process.argv.slice(2)).then(
        (code) => process.exit(code),
        (error: unknown) => {
            console.error(error);
            process.exit(1);
        },
    );
}
