/**
 * The plain Prometheus rule file of a plan: the union of every rendered PrometheusRule's groups,
 * as `promtool check rules` and `promtool test rules` read it (`out/<stack>/prometheus-rules.yaml`).
 */
import { stringify } from "yaml";
import { KubernetesObject } from "./manifests";

export interface RuleFile {
    groups: unknown[];
}

/** Groups of every PrometheusRule among the objects, in order. */
export function ruleFileOf(objects: readonly KubernetesObject[]): RuleFile {
    const groups = objects
        .filter((o) => o.apiVersion.startsWith("monitoring.coreos.com/") && o.kind === "PrometheusRule")
        .flatMap((o) => {
            const spec = o.spec as { groups?: unknown[] } | undefined;
            return spec?.groups ?? [];
        });
    return { groups };
}

/** The rule file as YAML text. */
export function ruleFileYaml(file: RuleFile): string {
    return stringify(file, { lineWidth: 0, aliasDuplicateObjects: false });
}
