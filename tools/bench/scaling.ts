/**
 * How the offline render grows with the number of services: the synthetic catalog rendered under
 * Pulumi's mock runtime, objects extracted and validated against the Kubernetes schemas, as
 * `npm run plan` does. The verdict compares the marginal cost per service of the large step
 * (50 -> 200) with the small one (10 -> 50), which a fixed start-up cost cannot distort.
 */
import { kubernetesObjects } from "../manifests";
import { runUnderMocks } from "../mockRuntime";
import { validateObjects } from "../schemaValidation";
import { median, repeat } from "./stats";
import { benchConfig, syntheticDefinitions, syntheticProgram } from "./syntheticCatalog";

export interface ScalingRow {
    readonly services: number;
    readonly objects: number;
    readonly medianMs: number;
}

/** Marginal cost may grow this much from the small step to the large one and still count as linear. */
export const linearityLimit = 1.5;

async function renderAndValidate(services: number): Promise<number> {
    const definitions = syntheticDefinitions(services, benchConfig());
    const run = await runUnderMocks({ stack: "bench", config: {}, program: syntheticProgram(definitions) });
    const objects = kubernetesObjects(run.registrations);
    const problems = await validateObjects(objects);
    if (problems.length > 0) throw new Error(`synthetic catalog of ${services} does not validate: ${problems[0]}`);
    return objects.length;
}

export async function measureScaling(sizes: readonly number[], runs: number): Promise<ScalingRow[]> {
    // One throw-away run: the first render loads schemas and compiles code, which is not growth.
    await renderAndValidate(sizes[0]);
    const rows: ScalingRow[] = [];
    for (const services of sizes) {
        const { ms, last } = await repeat(runs, () => renderAndValidate(services));
        rows.push({ services, objects: last, medianMs: median(ms) });
    }
    return rows;
}

/** Marginal ms per added service between two rows. */
export function marginal(from: ScalingRow, to: ScalingRow): number {
    return (to.medianMs - from.medianMs) / (to.services - from.services);
}
