/**
 * Test support: run the real program under Pulumi's mock runtime with a stack's config (optionally
 * changed) and look at what it registered.
 */
import { renderPlan, Plan } from "../../tools/plan";
import { KubernetesObject } from "../../tools/manifests";
import { readStackFile, StackConfig } from "../../tools/stackFile";

/** A stack file's config with some `jarvis:` keys replaced (objects as values, encoded like the CLI). */
export function stackConfig(stack: string, changes: Record<string, unknown> = {}, remove: string[] = []): StackConfig {
    const base = readStackFile(stack);
    const config = { ...base.config };
    for (const [key, value] of Object.entries(changes)) {
        config[`jarvis:${key}`] = typeof value === "string" ? value : JSON.stringify(value);
    }
    for (const key of remove) delete config[`jarvis:${key}`];
    return { ...base, config };
}

/** The decoded `jarvis:services` of a stack file, to change one field of one service. */
export function servicesOf(stack: string): Record<string, Record<string, unknown>> {
    return JSON.parse(readStackFile(stack).config["jarvis:services"]) as Record<string, Record<string, unknown>>;
}

/** Renders a stack (as `npm run plan` does) without writing files. */
export async function plan(stack: string, changes: Record<string, unknown> = {}): Promise<Plan> {
    return renderPlan(stackConfig(stack, changes));
}

/** The one object of a kind and name; fails the test when absent. */
export function find(objects: readonly KubernetesObject[], kind: string, name: string): KubernetesObject {
    const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
    if (!found) throw new Error(`no ${kind} ${name} among ${objects.length} objects`);
    return found;
}

/** Loose access into a rendered object for assertions. */
export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
export function spec(object: KubernetesObject): Json {
    return object as unknown as Json;
}
