/**
 * Switching `activeColor` moves traffic and nothing else: the offline plans for blue and green
 * differ in exactly the stable Services' selectors and the health-gate Jobs. No Deployment, pod
 * template or other object changes, so no pod of either color restarts.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { Plan } from "../../tools/plan";
import { plan } from "../support/program";
import { bothColorsServing, byKey, differences } from "./helpers";

describe.each(["production", "staging"])("switching colors in %s", (stack) => {
    let blue: Plan;
    let green: Plan;

    beforeAll(async () => {
        // Mid-release: both colors serving, as the operator scales the new color up before switching.
        const release = bothColorsServing(stack);
        blue = await plan(stack, { activeColor: "blue", release });
        green = await plan(stack, { activeColor: "green", release });
    });

    it("renders schema-valid plans for both colors", () => {
        expect(blue.problems).toEqual([]);
        expect(green.problems).toEqual([]);
    });

    it("replaces only the health-gate Jobs", () => {
        const blueKeys = [...byKey(blue.objects).keys()];
        const greenKeys = [...byKey(green.objects).keys()];
        const onlyBlue = blueKeys.filter((k) => !greenKeys.includes(k)).sort();
        const onlyGreen = greenKeys.filter((k) => !blueKeys.includes(k)).sort();
        const ns = `jarvis-${stack}`;
        expect(onlyBlue).toHaveLength(2);
        expect(onlyGreen).toHaveLength(2);
        expect(onlyBlue[0]).toMatch(new RegExp(`^Job ${ns}/backend-gate-blue-[0-9a-f]{10}$`));
        expect(onlyBlue[1]).toMatch(new RegExp(`^Job ${ns}/frontend-gate-blue-[0-9a-f]{10}$`));
        expect(onlyGreen[0]).toMatch(new RegExp(`^Job ${ns}/backend-gate-green-[0-9a-f]{10}$`));
        expect(onlyGreen[1]).toMatch(new RegExp(`^Job ${ns}/frontend-gate-green-[0-9a-f]{10}$`));
    });

    it("changes exactly the stable Services' selectors among the common objects", () => {
        const before = byKey(blue.objects);
        const after = byKey(green.objects);
        const changed = [...before.keys()]
            .filter((key) => after.has(key))
            .flatMap((key) => differences(before.get(key), after.get(key)).map((path) => `${key}: ${path}`));
        const ns = `jarvis-${stack}`;
        expect(changed.sort()).toEqual([
            `Service ${ns}/backend: spec.selector.jarvis.io/color`,
            `Service ${ns}/frontend: spec.selector.jarvis.io/color`,
        ]);
        expect(after.get(`Service ${ns}/backend`)?.spec).toMatchObject({ selector: { "jarvis.io/color": "green" } });
        expect(before.get(`Service ${ns}/backend`)?.spec).toMatchObject({ selector: { "jarvis.io/color": "blue" } });
    });

    it("gates each stable Service on the new color through its preview Service", () => {
        for (const id of ["backend", "frontend"]) {
            const gate = green.objects.find((o) => o.kind === "Job" && o.metadata.name?.startsWith(`${id}-gate-green-`));
            expect(JSON.stringify(gate)).toContain(`http://${id}-green:`);
            const service = green.graph.resources.find((r) => r.type === "kubernetes:core/v1:Service" && r.name === id);
            expect(service?.dependsOn.some((urn) => urn.includes(`kubernetes:batch/v1:Job::${id}-gate-green-`))).toBe(true);
        }
    });

    it("keeps every other object's dependencies: no Kubernetes object but the stable Services waits on the gate", () => {
        const gateless = (p: Plan) =>
            new Map(
                p.graph.resources
                    .filter((r) => !/-gate-(blue|green)-/.test(r.urn))
                    .map((r) => [r.urn, r.dependsOn.filter((d) => !/-gate-(blue|green)-/.test(d))]),
            );
        expect(gateless(green)).toEqual(gateless(blue));
        // Components (the Frontend waits for the whole backend, as the catalog says) only order registrations.
        const waiting = green.graph.resources.filter((r) => r.type.startsWith("kubernetes:") && r.dependsOn.some((d) => d.includes("-gate-green-")));
        expect(waiting.map((r) => `${r.type} ${r.name}`).sort()).toEqual(["kubernetes:core/v1:Service backend", "kubernetes:core/v1:Service frontend"]);
    });
});
