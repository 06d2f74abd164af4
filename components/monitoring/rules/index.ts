/**
 * Every rule set of a stack, each rendered as one PrometheusRule: the runbook's alerts, the SLO
 * rules, backup freshness, certificate expiry and escalation.
 */
import { catalogEntries } from "../../../catalog/services";
import { backupAlertGroups } from "./backupAlerts";
import { certificateAlertGroups } from "./certificateAlerts";
import { RuleContext } from "./context";
import { escalationAlertGroups } from "./escalationAlerts";
import { runbookAlertGroups } from "./runbookAlerts";
import { sloTargets } from "./sli";
import { sloRuleGroups } from "./sloRules";
import { RuleGroup } from "./types";

export interface RuleSet {
    /** Name of the PrometheusRule. */
    readonly name: string;
    readonly groups: readonly RuleGroup[];
}

export function ruleSets(context: RuleContext): RuleSet[] {
    return [
        { name: "jarvis-runbook-alerts", groups: runbookAlertGroups(context) },
        { name: "jarvis-slo", groups: sloRuleGroups(context, sloTargets(catalogEntries())) },
        { name: "jarvis-backup-alerts", groups: backupAlertGroups(context) },
        { name: "jarvis-certificate-alerts", groups: certificateAlertGroups(context) },
        { name: "jarvis-escalation", groups: escalationAlertGroups(context) },
    ];
}

/** Every group of every set, as one rule file holds them. */
export function allRuleGroups(context: RuleContext): RuleGroup[] {
    return ruleSets(context).flatMap((set) => set.groups);
}

export { ruleContext } from "./context";
export type { RuleContext } from "./context";
