/**
 * What a diff may print. The plan already masks Pulumi secrets as "[secret]"; on top of that the
 * diff masks every value of a Secret's `data`/`stringData`, literal env values whose name looks like
 * a credential, and passwords inside URLs, so that a manifest written by any tool (or a careless
 * literal) never leaks through a pull-request comment.
 */
import { secretMask } from "../secrets";

/** Env var names that hold credentials by convention. */
const credentialName = /PASSWORD|PASSWD|SECRET|TOKEN|KEY|CREDENTIAL|PRIVATE/i;

/** `scheme://user:password@host`: the password part. */
const urlPassword = /(:\/\/[^/\s:@]+:)([^@\s/]+)(@)/g;

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Every leaf replaced by the mask; keys stay, since a key name (`password`) says what changed without saying its value. */
function maskAll(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(maskAll);
    if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskAll(v)]));
    return value === null || value === undefined ? value : secretMask;
}

export function looksLikeCredentialName(name: unknown): boolean {
    return typeof name === "string" && credentialName.test(name);
}

function maskNested(value: unknown): unknown {
    if (typeof value === "string") return value.replace(urlPassword, `$1${secretMask}$3`);
    if (Array.isArray(value)) return value.map(maskNested);
    if (!isRecord(value)) return value;
    const masked = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskNested(v)]));
    // An env entry (`{ name, value }`) of a container, init container or anything shaped like one.
    if (looksLikeCredentialName(masked.name) && "value" in masked && typeof masked.value === "string") {
        masked.value = secretMask;
    }
    return masked;
}

/** A copy of a Kubernetes object (or any JSON value) that is safe to print. */
export function maskForDisplay(object: unknown): unknown {
    const masked = maskNested(object);
    if (!isRecord(masked) || masked.kind !== "Secret") return masked;
    return {
        ...masked,
        ...(masked.data === undefined ? {} : { data: maskAll(masked.data) }),
        ...(masked.stringData === undefined ? {} : { stringData: maskAll(masked.stringData) }),
    };
}

/** True when any leaf of the value is a mask: the value is (or holds) a secret. */
export function containsMask(value: unknown): boolean {
    if (value === secretMask) return true;
    if (Array.isArray(value)) return value.some(containsMask);
    if (isRecord(value)) return Object.values(value).some(containsMask);
    return false;
}
