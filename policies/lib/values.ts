/**
 * Plain data read safely from policy props. During `pulumi preview` some values are unknown: the
 * engine's proxy throws when one is read and offline runs carry sentinel strings. A snapshot turns
 * both into the `unknown` marker, so a policy judges what is known and never crashes on the rest.
 */
import { UnknownValueError, unknownSentinels } from "./engineInternals";

/** A value computed at deploy time, not known while the policy runs. */
export const unknown: unique symbol = Symbol("unknown during preview");
export type Unknown = typeof unknown;

export type Value = null | boolean | number | string | Unknown | Value[] | { [key: string]: Value };
export type Struct = { [key: string]: Value };

/** Masks `npm run plan` writes in rendered manifests for secrets and computed values (tools/secrets.ts): hidden, so unknown. */
const unknownMasks = new Set(["[secret]", "[unknown]"]);

function read(container: object, key: string): Value | undefined {
    try {
        return snapshot((container as Record<string, unknown>)[key]);
    } catch (error) {
        if (error instanceof UnknownValueError) return unknown;
        throw error;
    }
}

/** A deep, plain copy of props; unknown values become `unknown`, undefined values disappear. */
export function snapshot(value: unknown): Value | undefined {
    if (value === undefined) return undefined;
    if (value === null || typeof value === "boolean" || typeof value === "number") return value;
    if (typeof value === "string") return unknownSentinels.has(value) || unknownMasks.has(value) ? unknown : value;
    if (Array.isArray(value)) {
        const items: Value[] = [];
        for (let i = 0; i < value.length; i++) items.push(read(value, String(i)) ?? null);
        return items;
    }
    if (typeof value === "object") {
        const copy: Struct = {};
        for (const key of Object.keys(value)) {
            const item = read(value, key);
            if (item !== undefined) copy[key] = item;
        }
        return copy;
    }
    return undefined;
}

export function isUnknown(value: unknown): value is Unknown {
    return value === unknown;
}

/** Whether any part of a value is unknown during preview. */
export function containsUnknown(value: Value | undefined): boolean {
    if (isUnknown(value)) return true;
    if (Array.isArray(value)) return value.some(containsUnknown);
    if (typeof value === "object" && value !== null) return Object.values(value).some(containsUnknown);
    return false;
}

export function asStruct(value: Value | undefined): Struct | undefined {
    return typeof value === "object" && value !== null && !Array.isArray(value) ? value : undefined;
}

export function asArray(value: Value | undefined): Value[] {
    return Array.isArray(value) ? value : [];
}

export function asStructs(value: Value | undefined): Struct[] {
    return asArray(value).flatMap((item) => {
        const struct = asStruct(item);
        return struct === undefined ? [] : [struct];
    });
}

export function asString(value: Value | undefined): string | undefined {
    return typeof value === "string" ? value : undefined;
}

/** Numbers, and numeric strings (YAML authors quote numbers). */
export function asNumber(value: Value | undefined): number | undefined {
    if (typeof value === "number") return value;
    if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) return Number(value);
    return undefined;
}

export function asStrings(value: Value | undefined): string[] {
    return asArray(value).flatMap((item) => (typeof item === "string" ? [item] : []));
}

/** Follows a path of keys; undefined as soon as one is missing, `unknown` when one is unknown. */
export function at(value: Value | undefined, ...path: (string | number)[]): Value | undefined {
    let current = value;
    for (const key of path) {
        if (isUnknown(current)) return unknown;
        if (typeof key === "number") current = Array.isArray(current) ? current[key] : undefined;
        else current = asStruct(current)?.[key];
    }
    return current;
}

/** String-valued entries of a map (labels, annotations); unknown values are left out. */
export function stringMap(value: Value | undefined): Record<string, string> {
    const entries = Object.entries(asStruct(value) ?? {}).flatMap(([k, v]) => (typeof v === "string" ? [[k, v]] : []));
    return Object.fromEntries(entries);
}
