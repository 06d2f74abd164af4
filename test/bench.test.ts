/** The benchmark's synthetic program stays runnable as the real config grows (the bench is not part of the suite). */
import { describe, expect, it } from "vitest";
import { benchConfig, syntheticDefinitions, syntheticProgram } from "../tools/bench/syntheticCatalog";
import { kubernetesObjects } from "../tools/manifests";
import { runUnderMocks } from "../tools/mockRuntime";
import { validateObjects } from "../tools/schemaValidation";

describe("the synthetic catalog of the benchmark", () => {
    it("renders N services from the staging config into schema-valid objects", async () => {
        const config = benchConfig();
        const definitions = syntheticDefinitions(4, config);
        expect(definitions).toHaveLength(4);
        const run = await runUnderMocks({ stack: "bench", config: {}, program: syntheticProgram(definitions) });
        const objects = kubernetesObjects(run.registrations);
        expect(objects.filter((o) => o.kind === "StatefulSet" || o.kind === "Deployment")).toHaveLength(4);
        expect(await validateObjects(objects)).toEqual([]);
    });
});
