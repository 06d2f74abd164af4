/**
 * Runs a Pulumi program under Pulumi's mock runtime and records every registration, as the engine
 * would receive it: type, name, parent, dependencies, protection and inputs (secrets still marked).
 * `setMocks`' newResource hook sees neither parents nor dependencies, so this subclasses the
 * runtime's MockMonitor, which receives the whole registration request.
 */
import * as crypto from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { MockMonitor, MockResourceArgs, MockResourceResult, Mocks } from "@pulumi/pulumi/runtime/mocks";
import { deserializeProperties } from "@pulumi/pulumi/runtime/rpc";
import { getMonitor } from "@pulumi/pulumi/runtime/settings";

export interface Registration {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly custom: boolean;
    /** URN of the parent resource, if any. */
    readonly parent?: string;
    /** URNs this resource waits for. */
    readonly dependsOn: string[];
    readonly protect: boolean;
    /** Provider reference (`urn::id`) for custom resources. */
    readonly provider?: string;
    /** Inputs as sent to the engine; secret values stay wrapped in Pulumi's secret signature. */
    readonly inputs: Record<string, unknown>;
}

/** A deterministic but realistic value for a generated secret, so tests can look for leaks. */
export function mockSecretValue(name: string): string {
    return `mock${crypto.createHash("sha256").update(name).digest("hex").slice(0, 28)}`;
}

/** Outputs a provider would compute: generated passwords get a value, everything else echoes its inputs. */
export const realisticMocks: Mocks = {
    newResource(args: MockResourceArgs): MockResourceResult {
        const state: Record<string, unknown> = { ...args.inputs };
        if (args.type.startsWith("random:index/random")) state.result = mockSecretValue(args.name);
        return { id: `${args.name}-id`, state };
    },
    call(args) {
        return args.inputs;
    },
};

interface RegisterRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getCustom(): boolean;
    getDependenciesList(): string[];
    getProtect(): boolean | undefined;
    getProvider(): string;
    getObject(): Parameters<typeof deserializeProperties>[0];
}
interface RegisterResponse {
    getUrn(): string;
}
type Callback = (err: unknown, response: RegisterResponse | undefined) => void;

/** Records each registration request before the mock monitor answers it. */
function recordRegistrations(monitor: MockMonitor): Registration[] {
    const registrations: Registration[] = [];
    const answer = monitor.registerResource.bind(monitor);
    monitor.registerResource = async (req: RegisterRequest, callback: Callback) => {
        const request = {
            type: req.getType(),
            name: req.getName(),
            custom: req.getCustom(),
            parent: req.getParent() || undefined,
            dependsOn: [...new Set(req.getDependenciesList())],
            protect: req.getProtect() ?? false,
            provider: req.getProvider() || undefined,
            inputs: deserializeProperties(req.getObject(), true) as Record<string, unknown>,
        };
        return answer(req, (err: unknown, response: RegisterResponse | undefined) => {
            if (!err && response) registrations.push({ urn: response.getUrn(), ...request });
            callback(err, response);
        });
    };
    return registrations;
}

export interface MockRunOptions<T> {
    readonly project?: string;
    readonly stack: string;
    /** Config values by full key (`jarvis:namespace`), as strings. */
    readonly config: Record<string, string>;
    readonly secretKeys?: string[];
    /** The program; runs inside the stack resource, as under `pulumi up`. */
    readonly program: () => T;
    readonly mocks?: Mocks;
}

export interface MockRun {
    readonly registrations: Registration[];
    readonly outputs: Record<string, unknown>;
}

/** The program threw; carries what it had registered before it did. */
export class ProgramFailed extends Error {
    constructor(
        readonly cause: unknown,
        readonly registrations: Registration[],
    ) {
        super(cause instanceof Error ? cause.message : String(cause));
        this.name = "ProgramFailed";
    }
}

/** Runs the program under mocks; resolves when every registration has been sent. */
export async function runUnderMocks<T>(options: MockRunOptions<T>): Promise<MockRun> {
    await pulumi.runtime.setMocks(options.mocks ?? realisticMocks, options.project ?? "jarvis", options.stack, false);
    const monitor = getMonitor();
    if (!(monitor instanceof MockMonitor)) throw new Error("setMocks did not install Pulumi's mock monitor");
    const registrations = recordRegistrations(monitor);
    pulumi.runtime.setAllConfig(options.config, options.secretKeys ?? []);
    // A throw inside the stack's init would leave Pulumi's internal promises rejected with no
    // listener; catch it, let the stack finish empty, and report it once everything has settled.
    let failure: { error: unknown } | undefined;
    const outputs = (await pulumi.runtime.runInPulumiStack(async () => {
        try {
            return options.program();
        } catch (error) {
            failure = { error };
            return {};
        }
    })) as Record<string, unknown>;
    await pulumi.runtime.disconnect();
    if (failure) throw new ProgramFailed(failure.error, registrations.filter((r) => r.type !== "pulumi:pulumi:Stack"));
    return { registrations, outputs: outputs ?? {} };
}
