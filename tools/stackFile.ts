/**
 * Reads `Pulumi.<stack>.yaml` the way the Pulumi CLI hands it to a program: every value as a string
 * (structured values as JSON). Encrypted values (`secure: ...`) cannot be decrypted offline: they
 * become marked stand-ins (`<encrypted KEY>`), flagged secret, and are never printed.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";

export interface StackConfig {
    readonly stack: string;
    /** Config values by full key (`jarvis:namespace`). */
    readonly config: Record<string, string>;
    /** Keys whose values are secret. */
    readonly secretKeys: string[];
}

export const projectRoot = path.resolve(__dirname, "..");

function isEncrypted(value: unknown): value is { secure: string } {
    return typeof value === "object" && value !== null && "secure" in value && Object.keys(value).length === 1;
}

/** Structured values may hold encrypted leaves (`pulumi config set --path --secret`). */
function maskEncrypted(value: unknown, key: string, found: { secret: boolean }): unknown {
    if (isEncrypted(value)) {
        found.secret = true;
        return `<encrypted ${key}>`;
    }
    if (Array.isArray(value)) return value.map((v) => maskEncrypted(v, key, found));
    if (typeof value === "object" && value !== null) {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskEncrypted(v, `${key}.${k}`, found)]));
    }
    return value;
}

/** Parses a stack file's text. */
export function parseStackFile(stack: string, text: string): StackConfig {
    const document = (parse(text) ?? {}) as { config?: Record<string, unknown> };
    const config: Record<string, string> = {};
    const secretKeys: string[] = [];
    for (const [key, raw] of Object.entries(document.config ?? {})) {
        const found = { secret: false };
        const value = maskEncrypted(raw, key, found);
        config[key] = typeof value === "string" ? value : JSON.stringify(value);
        if (found.secret) secretKeys.push(key);
    }
    return { stack, config, secretKeys };
}

/** Reads `Pulumi.<stack>.yaml` from the project root. */
export function readStackFile(stack: string, root = projectRoot): StackConfig {
    const file = path.join(root, `Pulumi.${stack}.yaml`);
    if (!fs.existsSync(file)) throw new Error(`no stack file ${file}`);
    return parseStackFile(stack, fs.readFileSync(file, "utf8"));
}
