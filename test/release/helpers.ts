/** Helpers of the release tests: configs with both colors serving, object keys and structural diffs. */
import { parseConfig } from "../../config/load";
import { RawConfig } from "../../config/schema";
import { KubernetesObject } from "../../tools/manifests";
import { readStackFile } from "../../tools/stackFile";
import { stackConfig } from "../support/program";

/**
 * Validates a stack's config (with changes) the way the program does, without running it: invalid
 * config throws `ConfigError` here rather than inside the mock runtime.
 */
export function validate(stack: string, changes: Record<string, unknown> = {}): RawConfig {
    const values: Record<string, unknown> = {};
    for (const [key, raw] of Object.entries(stackConfig(stack, changes).config)) {
        let value: unknown = raw;
        try {
            value = JSON.parse(raw);
        } catch {
            // Plain strings (names, images) are not JSON.
        }
        values[key.replace(/^jarvis:/, "")] = value;
    }
    return parseConfig(values);
}

/** The stack file's `jarvis:release`, decoded. */
export function releaseOf(stack: string): Record<string, unknown> {
    return JSON.parse(readStackFile(stack).config["jarvis:release"]) as Record<string, unknown>;
}

/**
 * The release config of a stack in the middle of a release: both colors of the backend and the
 * frontend scaled `full` (the operator scales the new color up before switching to it).
 */
export function bothColorsServing(stack: string, images: { backend?: { green?: string }; frontend?: { green?: string } } = {}): Record<string, unknown> {
    const release = releaseOf(stack);
    for (const id of ["backend", "frontend"] as const) {
        const service = release[id] as Record<string, unknown>;
        const green = images[id]?.green;
        service.colors = { blue: { scale: "full" }, green: { scale: "full", ...(green ? { image: green } : {}) } };
    }
    return release;
}

/** A release config with some colors changed. */
export function withColors(stack: string, id: "backend" | "frontend", colors: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
    const release = releaseOf(stack);
    release[id] = { ...(release[id] as Record<string, unknown>), colors, ...extra };
    return release;
}

export function objectKey(object: KubernetesObject): string {
    return `${object.kind} ${object.metadata.namespace ?? ""}/${object.metadata.name ?? ""}`;
}

export function byKey(objects: readonly KubernetesObject[]): Map<string, KubernetesObject> {
    return new Map(objects.map((o) => [objectKey(o), o]));
}

/** Paths (`spec.selector.jarvis.io/color`) where two JSON values differ. */
export function differences(a: unknown, b: unknown, path = ""): string[] {
    if (typeof a === "object" && a !== null && typeof b === "object" && b !== null && Array.isArray(a) === Array.isArray(b)) {
        const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
        return [...keys].flatMap((key) =>
            differences((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], path ? `${path}.${key}` : key),
        );
    }
    return JSON.stringify(a) === JSON.stringify(b) ? [] : [path];
}
