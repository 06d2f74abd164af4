/**
 * `npm run bench [-- --runs N]`: how long the offline plan and the audit take per stack, and how the
 * render grows with the number of services (10, 50, 200 on a synthetic catalog). Exits 1 when the
 * growth is not close to linear. Not part of the test suite: timings depend on the machine.
 */
import { renderPlan } from "./plan";
import { readStackFile } from "./stackFile";
import { auditCommand, planCommand, timeCommand } from "./bench/commands";
import { scalingTable, stackTable, StackTiming } from "./bench/report";
import { measureScaling } from "./bench/scaling";
import { median, repeat } from "./bench/stats";

const stacks = ["staging", "production"];
const sizes = [10, 50, 200];

function runsOf(argv: readonly string[]): number {
    const index = argv.indexOf("--runs");
    const runs = index === -1 ? 5 : Number(argv[index + 1]);
    if (!Number.isInteger(runs) || runs < 1) throw new Error("--runs needs a whole number of runs");
    return runs;
}

async function main(argv: readonly string[]): Promise<number> {
    const runs = runsOf(argv);
    const timings: StackTiming[] = [];
    let auditLabel: string | undefined;
    for (const stack of stacks) {
        console.error(`timing ${stack}...`);
        const childMs = median(Array.from({ length: runs }, () => timeCommand(planCommand(stack))));
        // The first in-process render pays module loading; the warm runs show the render itself.
        const config = readStackFile(stack);
        await renderPlan(config);
        const warm = await repeat(runs, () => renderPlan(config));
        const audit = auditCommand(stack);
        auditLabel = audit?.label.replace(stack, "<stack>");
        const auditMs = audit ? median(Array.from({ length: runs }, () => timeCommand(audit))) : undefined;
        timings.push({ stack, childMs, warmMs: median(warm.ms), auditMs });
    }
    console.error("timing the synthetic catalogs...");
    const scaling = scalingTable(await measureScaling(sizes, runs), runs);
    console.log("Offline plan and audit per stack");
    console.log(stackTable(timings, runs, auditLabel));
    console.log("");
    console.log("Scaling with the number of services (synthetic catalog, components/kubernetes/workload.ts)");
    console.log(scaling.text);
    return scaling.linear ? 0 : 1;
}

if (require.main === module) {
    main(process.argv.slice(2)).then(
        (code) => (process.exitCode = code),
        (error: unknown) => {
            console.error(error instanceof Error ? error.message : error);
            process.exitCode = 2;
        },
    );
}
