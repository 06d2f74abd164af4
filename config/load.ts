/**
 * Reads the stack's `jarvis:` configuration once, validates it against the schema and returns it
 * typed. Credentials come back as Pulumi secrets. Invalid config throws before anything else runs.
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { configSchema, CredentialKey, credentialKeys, RawConfig } from "./schema";

export const configNamespace = "jarvis";

/** The validated stack configuration, with credentials as secrets. */
export type JarvisConfig = Omit<RawConfig, CredentialKey> & {
    readonly [K in CredentialKey]?: pulumi.Output<string>;
};

/** Raised when the stack configuration does not match the schema; lists every problem. */
export class ConfigError extends pulumi.RunError {
    constructor(readonly problems: string[]) {
        super(`invalid stack configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
        this.name = "ConfigError";
    }
}

/** Pulumi stores structured values as JSON text; plain strings stay as they are. */
function decode(raw: string): unknown {
    if (!/^\s*[[{]|^(true|false|null|-?\d+(\.\d+)?)$/.test(raw)) return raw;
    try {
        return JSON.parse(raw);
    } catch {
        return raw;
    }
}

function describe(issue: z.core.$ZodIssue): string {
    const path = issue.path.map(String).join(".");
    return `${configNamespace}:${path || "(root)"}: ${issue.message}`;
}

/** Validates already-decoded values; exported for tests and tools that build config in memory. */
export function parseConfig(values: Record<string, unknown>): RawConfig {
    const result = configSchema.safeParse(values);
    if (!result.success) throw new ConfigError(result.error.issues.map(describe));
    return result.data;
}

/** The `jarvis:` keys of a full config map (`jarvis:namespace` -> `namespace`), values decoded. */
export function jarvisValues(all: Record<string, string>): Record<string, unknown> {
    const prefix = `${configNamespace}:`;
    const values: Record<string, unknown> = {};
    for (const [key, raw] of Object.entries(all)) {
        if (key.startsWith(prefix)) values[key.slice(prefix.length)] = decode(raw);
    }
    return values;
}

/** Reads every `jarvis:` key of the running stack, validates them all, wraps credentials as secrets. */
export function loadConfig(): JarvisConfig {
    return withSecretCredentials(parseConfig(jarvisValues(pulumi.runtime.allConfig())));
}

/** The validated config with every credential wrapped as a Pulumi secret. */
export function withSecretCredentials(raw: RawConfig): JarvisConfig {
    const config: Record<string, unknown> = { ...raw };
    for (const key of credentialKeys) {
        const value = config[key];
        if (typeof value === "string") config[key] = pulumi.secret(value);
    }
    return config as JarvisConfig;
}
