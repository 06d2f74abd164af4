/** Field-by-field comparison of two JSON values, down to leaves and array elements. */

export type FieldPath = readonly (string | number)[];

/** One difference: `before` or `after` is undefined when the field is absent on that side. */
export interface FieldChange {
    readonly path: FieldPath;
    readonly before: unknown;
    readonly after: unknown;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function deepEqual(a: unknown, b: unknown): boolean {
    if (a === b) return true;
    if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
    if (isPlainObject(a) && isPlainObject(b)) {
        const keys = Object.keys(a);
        return keys.length === Object.keys(b).length && keys.every((k) => k in b && deepEqual(a[k], b[k]));
    }
    return false;
}

/**
 * Every leaf that differs. Arrays compare by position, as Kubernetes lists do for containers and
 * claims; when a subtree exists on one side only, it is one change (the whole subtree).
 */
export function diffFields(before: unknown, after: unknown, path: FieldPath = []): FieldChange[] {
    if (deepEqual(before, after)) return [];
    if (isPlainObject(before) && isPlainObject(after)) {
        const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
        return keys.flatMap((k) => diffFields(before[k], after[k], [...path, k]));
    }
    if (Array.isArray(before) && Array.isArray(after)) {
        const length = Math.max(before.length, after.length);
        return Array.from({ length }, (_, i) => diffFields(before[i], after[i], [...path, i])).flat();
    }
    return [{ path, before, after }];
}

/** The value at a path, or undefined. */
export function valueAt(root: unknown, path: FieldPath): unknown {
    let current: unknown = root;
    for (const segment of path) {
        if (typeof segment === "number") current = Array.isArray(current) ? current[segment] : undefined;
        else current = isPlainObject(current) ? current[segment] : undefined;
    }
    return current;
}

/** `spec.template.spec.containers[0].image`; keys that are not identifiers are quoted (`labels["app.kubernetes.io/name"]`). */
export function formatPath(path: FieldPath): string {
    return path
        .map((segment, i) => {
            if (typeof segment === "number") return `[${segment}]`;
            if (/^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(segment)) return i === 0 ? segment : `.${segment}`;
            return `[${JSON.stringify(segment)}]`;
        })
        .join("");
}

/** True when `path` is `prefix` or lies under it. */
export function isUnder(path: FieldPath, prefix: FieldPath): boolean {
    return prefix.length <= path.length && prefix.every((segment, i) => path[i] === segment);
}
