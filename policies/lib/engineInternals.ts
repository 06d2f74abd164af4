/**
 * The parts of `@pulumi/policy` that the policy engine uses to hand resources to policies, typed.
 * They ship without type declarations (marked internal), yet reproducing the engine's wrapping
 * exactly is what lets the offline audit and the tests see props as `pulumi preview` shows them.
 */
interface ProxyModule {
    /** Wraps props so that reading a value unknown during preview throws `UnknownValueError`. */
    unknownCheckingProxy(props: Record<string, unknown>): Record<string, unknown>;
    UnknownValueError: new (...args: never[]) => Error;
    unknownBooleanValue: string;
    unknownNumberValue: string;
    unknownStringValue: string;
    unknownArrayValue: string;
    unknownAssetValue: string;
    unknownArchiveValue: string;
    unknownObjectValue: string;
}

interface StructLike {
    toJavaScript(): unknown;
}
interface DeserializeModule {
    /** Turns the wire Struct into plain JSON: secrets unwrapped, unknown sentinels kept. */
    deserializeProperties(props: StructLike, proxySecrets: boolean): Record<string, unknown>;
}
interface StructModule {
    Struct: { fromJavaScript(value: Record<string, unknown>): StructLike };
}

// `require` because these modules have no declarations; each is cast to the shape used above.
const proxy = require("@pulumi/policy/proxy") as ProxyModule;
const deserialize = require("@pulumi/policy/deserialize") as DeserializeModule;
const struct = require("google-protobuf/google/protobuf/struct_pb") as StructModule;

/** Thrown by the proxy when a policy reads a value unknown during preview. */
export const UnknownValueError = proxy.UnknownValueError;
export const unknownCheckingProxy = proxy.unknownCheckingProxy;

/** Every sentinel the engine uses for a value that is unknown during preview. */
export const unknownSentinels: ReadonlySet<string> = new Set([
    proxy.unknownBooleanValue,
    proxy.unknownNumberValue,
    proxy.unknownStringValue,
    proxy.unknownArrayValue,
    proxy.unknownAssetValue,
    proxy.unknownArchiveValue,
    proxy.unknownObjectValue,
]);

/** Drops undefined values, which the wire format cannot carry (the engine treats them as absent). */
function withoutUndefined(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : withoutUndefined(v)));
    if (typeof value === "object" && value !== null) {
        return Object.fromEntries(
            Object.entries(value)
                .filter(([, v]) => v !== undefined)
                .map(([k, v]) => [k, withoutUndefined(v)]),
        );
    }
    return value;
}

/**
 * Props exactly as the engine hands them to a policy: serialized to a protobuf Struct (as the CLI
 * sends them), deserialized by `@pulumi/policy` (secrets unwrapped, unknowns kept as sentinels) and
 * wrapped in the unknown-checking proxy.
 */
export function engineProps(props: Record<string, unknown>): Record<string, unknown> {
    const wire = struct.Struct.fromJavaScript(withoutUndefined(props) as Record<string, unknown>);
    return proxy.unknownCheckingProxy(deserialize.deserializeProperties(wire, false));
}
