/** Test support for the monitoring tests: a stack's validated config and its rendered rule file. */
import { parseConfig } from "../../config/load";
import { RawConfig } from "../../config/schema";
import { ruleFileOf } from "../../tools/prometheusRules";
import { plan } from "../support/program";
import { stackConfig } from "../support/program";

/** A stack file's `jarvis:` config, validated (decoded as the Pulumi CLI hands values over). */
export function configOf(stack: string, changes: Record<string, unknown> = {}): RawConfig {
    const values: Record<string, unknown> = {};
    for (const [key, raw] of Object.entries(stackConfig(stack, changes).config)) {
        if (!key.startsWith("jarvis:")) continue;
        let decoded: unknown = raw;
        try {
            decoded = JSON.parse(raw);
        } catch {
            decoded = raw;
        }
        values[key.slice("jarvis:".length)] = decoded;
    }
    return parseConfig(values);
}

export interface RenderedRule {
    readonly alert?: string;
    readonly record?: string;
    readonly expr: string;
    readonly for?: string;
    readonly labels?: Record<string, string>;
    readonly annotations?: Record<string, string>;
}

export interface RenderedRuleFile {
    groups: { name: string; rules: RenderedRule[] }[];
}

/** The plain rule file of a stack's plan (what `npm run plan` writes to prometheus-rules.yaml). */
export async function renderedRuleFile(stack: string, changes: Record<string, unknown> = {}): Promise<RenderedRuleFile> {
    const rendered = await plan(stack, changes);
    if (rendered.problems.length > 0) throw new Error(rendered.problems.join("\n"));
    return ruleFileOf(rendered.objects) as RenderedRuleFile;
}

/** Every alerting rule of a rule file. */
export function alertingRules(file: RenderedRuleFile): RenderedRule[] {
    return file.groups.flatMap((g) => g.rules.filter((r) => r.alert !== undefined));
}
