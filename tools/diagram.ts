/**
 * `npm run diagram [-- --check] [--graph <graph.json>]`: writes the startup dependency diagram of
 * the staging plan into README.md between its markers. `--check` writes nothing and exits 1 when
 * the README is out of date (for CI).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { dependencyDiagram } from "./diagram/mermaid";
import { extractBlock, replaceBlock } from "./diagram/readmeBlock";
import { PlanLoadError, parseGraph } from "./diff/loadPlan";
import { projectRoot } from "./stackFile";

export const readmePath = path.join(projectRoot, "README.md");
export const defaultGraph = path.join(projectRoot, "out", "staging", "graph.json");

function main(argv: readonly string[]): number {
    const check = argv.includes("--check");
    const graphIndex = argv.indexOf("--graph");
    const graphArgument = graphIndex === -1 ? undefined : argv[graphIndex + 1];
    if (graphIndex !== -1 && !graphArgument) {
        console.error("usage: npm run diagram -- [--check] [--graph <graph.json>]");
        return 2;
    }
    const graphFile = graphArgument ? path.resolve(graphArgument) : defaultGraph;
    if (!fs.existsSync(graphFile) || !fs.statSync(graphFile).isFile()) {
        console.error(`${path.relative(process.cwd(), graphFile)} not found: run npm run plan -- staging first`);
        return 2;
    }
    const diagram = dependencyDiagram(parseGraph(fs.readFileSync(graphFile, "utf8"), graphFile));
    const readme = fs.existsSync(readmePath) ? fs.readFileSync(readmePath, "utf8") : "";
    const updated = replaceBlock(readme, diagram);
    if (check) {
        if (extractBlock(readme) === extractBlock(updated)) return 0;
        console.error("README.md's dependency diagram is out of date: run npm run plan -- staging && npm run diagram");
        return 1;
    }
    fs.writeFileSync(readmePath, updated);
    console.log(`wrote the dependency diagram into ${path.relative(process.cwd(), readmePath)}`);
    return 0;
}

if (require.main === module) {
    try {
        process.exitCode = main(process.argv.slice(2));
    } catch (error) {
        console.error(error instanceof PlanLoadError ? error.message : error);
        process.exitCode = 2;
    }
}
