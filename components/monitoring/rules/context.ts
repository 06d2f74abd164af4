/** What every rule generator needs to know about the stack it writes rules for. */
import { parseDuration } from "../../../catalog/duration";
import { RawConfig } from "../../../config/schema";
import { MetricNames } from "../../../config/sections/monitoring";

export interface RuleContext {
    /** Namespace the platform runs in: every expression is scoped to it, every alert labelled with it. */
    readonly namespace: string;
    readonly metrics: MetricNames;
    /** Base URL of the runbook links, without a trailing slash. */
    readonly runbookBaseUrl: string;
    /** Seconds a backup may run past its RPO before its staleness alerts. */
    readonly backupAlertGraceSeconds: number;
}

export function ruleContext(config: Pick<RawConfig, "namespace" | "monitoring">): RuleContext {
    const grace = parseDuration(config.monitoring.backupAlertGrace);
    if (grace === undefined) throw new Error(`monitoring.backupAlertGrace: not a duration: ${config.monitoring.backupAlertGrace}`);
    return {
        namespace: config.namespace,
        metrics: config.monitoring.metrics,
        runbookBaseUrl: config.monitoring.runbookBaseUrl.replace(/\/+$/, ""),
        backupAlertGraceSeconds: grace,
    };
}

/** The runbook link of a section: `<base>#<anchor>`. */
export function runbookUrl(context: RuleContext, anchor: string): string {
    return `${context.runbookBaseUrl}#${anchor}`;
}
