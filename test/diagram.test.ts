/** README.md's startup dependency diagram is what `npm run diagram` writes for a fresh staging plan. */
import * as fs from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { dependencyDiagram } from "../tools/diagram/mermaid";
import { extractBlock, replaceBlock } from "../tools/diagram/readmeBlock";
import { readmePath } from "../tools/diagram";
import { Graph } from "../tools/graph";
import { plan } from "./support/program";

let graph: Graph;
beforeAll(async () => {
    graph = (await plan("staging")).graph;
});

describe("dependency diagram", () => {
    it("is up to date in README.md (run: npm run plan -- staging && npm run diagram)", () => {
        const readme = fs.readFileSync(readmePath, "utf8");
        const current = extractBlock(readme);
        expect(current, "README.md has no dependency-diagram markers").toBeDefined();
        expect(current).toBe(extractBlock(replaceBlock(readme, dependencyDiagram(graph))));
    });

    it("draws real dependencies only, with waits, and the critical path bold", () => {
        const diagram = dependencyDiagram(graph);
        expect(diagram).toContain('backend["Backend API<br/>tier 1, ready wait 30 s"]:::critical');
        expect(diagram).toContain('postgres["PostgreSQL<br/>tier 1, ready wait 30 s"]\n');
        expect(diagram).toContain("    ollama ==> backend");
        expect(diagram).toContain("    backend ==> frontend");
        expect(diagram).toContain("    postgres --> backend");
        // Independent services have no arrow: they start in parallel.
        expect(diagram).not.toMatch(/(stt|tts|timescale) (-->|==>)/);
        expect(diagram).toContain("Critical path (bold): ollama → backend → frontend = 115 s of readiness waits");
    });

    it("keeps the hand-written README around the block, and adds markers when absent", () => {
        const readme = "# Title\n\nintro\n\n<!-- dependency-diagram:start -->\nold\n<!-- dependency-diagram:end -->\n\n## After\n";
        const updated = replaceBlock(readme, "NEW");
        expect(updated.startsWith("# Title\n\nintro\n\n<!-- dependency-diagram:start -->")).toBe(true);
        expect(updated).toContain("NEW");
        expect(updated).not.toContain("old");
        expect(updated.endsWith("<!-- dependency-diagram:end -->\n\n## After\n")).toBe(true);
        expect(extractBlock(replaceBlock("# Title\n", "NEW"))).toContain("NEW");
    });
});
