/** Pulumi's wire markers for secret and unknown values, and masking them for display. */

export const signatureKey = "4dabf18193072939515e22adb298388d";
export const secretSignature = "1b47061264138c4ac30d75fd1eb44270";
export const unknownValue = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** What a secret leaf shows in rendered output. */
export const secretMask = "[secret]";
/** What a value computed at deploy time shows. */
export const unknownMask = "[unknown]";

function isSecretWrapper(value: unknown): value is { value: unknown } {
    return typeof value === "object" && value !== null && (value as Record<string, unknown>)[signatureKey] === secretSignature;
}

function maskLeaves(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(maskLeaves);
    if (typeof value === "object" && value !== null) {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskLeaves(isSecretWrapper(v) ? v.value : v)]));
    }
    return value === undefined || value === null ? value : secretMask;
}

/**
 * Replaces every secret value by a mask (keeping the keys of secret maps, which are not secret)
 * and every unknown value by its own mask.
 */
export function maskSecrets(value: unknown): unknown {
    if (isSecretWrapper(value)) return maskLeaves(value.value);
    if (value === unknownValue) return unknownMask;
    if (Array.isArray(value)) return value.map(maskSecrets);
    if (typeof value === "object" && value !== null) {
        return Object.fromEntries(
            Object.entries(value)
                .filter(([, v]) => v !== undefined)
                .map(([k, v]) => [k, maskSecrets(v)]),
        );
    }
    return value;
}
