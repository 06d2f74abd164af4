/**
 * The parts of `@pulumi/policy`'s proxy that the policy engine wraps props with, typed: they ship
 * without type declarations (marked internal). Policies need them to read unknown values safely;
 * the offline audit needs them to wrap props exactly as `pulumi preview` does.
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

// `require` because the module has no declarations; it is cast to the shape used above.
const proxy = require("@pulumi/policy/proxy") as ProxyModule;

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
