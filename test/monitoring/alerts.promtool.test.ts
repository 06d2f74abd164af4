/**
 * `promtool test rules` unit tests for every alert of the rendered staging rule file: each alerting
 * rule has a case where it fires once its threshold held for its `for` and a case where it stays
 * silent (just below the threshold). Cases compare labels; annotations are stripped from the copy
 * the cases run on (their templates are checked by `promtool check rules`, and rendered once below).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { parseDuration } from "../../catalog/duration";
import { promtool, tempDir } from "../support/promtool";
import { alertCases, background, CaseContext } from "./cases";
import { promtoolTestFile } from "./cases/render";
import { AlertCase } from "./cases/types";
import { alertingRules, configOf, renderedRuleFile, RenderedRuleFile } from "./stack";

const stack = "staging";
let dir: string;
let rules: RenderedRuleFile;
let ctx: CaseContext;
let cases: AlertCase[];

function ruleKey(alert: string, service: string | undefined): string {
    return service ? `${alert} (${service})` : alert;
}

function isFourteenXBurn(c: AlertCase): boolean {
    return c.alert === "SLOErrorBudgetBurnFast" && c.title.includes("14.5x burn for an hour");
}

/** Runs cases against the whole rule file, or the SLO groups only (faster; SLO alerts read nothing else). */
function runCases(name: string, selected: readonly AlertCase[], ruleFile: "rules.yaml" | "slo-rules.yaml" = "rules.yaml") {
    const file = path.join(dir, `${name}.test.yaml`);
    fs.writeFileSync(file, promtoolTestFile(ruleFile, selected, background(ctx)));
    return promtool(["test", "rules", file], dir);
}

beforeAll(async () => {
    const config = configOf(stack);
    const grace = parseDuration(config.monitoring.backupAlertGrace) ?? 0;
    ctx = { namespace: config.namespace, metrics: config.monitoring.metrics, backupGraceSeconds: grace };
    cases = alertCases(ctx);
    rules = await renderedRuleFile(stack);
    dir = tempDir("jarvis-promtool-test");
    const stripped = {
        groups: rules.groups.map((g) => ({ ...g, rules: g.rules.map(({ annotations: _annotations, ...rule }) => rule) })),
    };
    fs.writeFileSync(path.join(dir, "rules.yaml"), stringify(stripped, { lineWidth: 0 }));
    const slo = { groups: stripped.groups.filter((g) => g.name.startsWith("jarvis-slo-")) };
    fs.writeFileSync(path.join(dir, "slo-rules.yaml"), stringify(slo, { lineWidth: 0 }));
    fs.writeFileSync(path.join(dir, "annotated-rules.yaml"), stringify(rules, { lineWidth: 0 }));
});

afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe("promtool unit tests of every alert", () => {
    it("covers every alerting rule with a firing and a silent case", () => {
        const missing: string[] = [];
        for (const rule of alertingRules(rules)) {
            const alert = rule.alert ?? "";
            const service = rule.labels?.service;
            const mine = cases.filter((c) => c.alert === alert && c.service === service);
            for (const kind of ["fires", "silent"] as const) {
                if (!mine.some((c) => c.kind === kind)) missing.push(`${ruleKey(alert, service)}: no '${kind}' case`);
            }
        }
        expect(missing).toEqual([]);
        // Every firing case also checks the alert has not fired before its `for` elapsed.
        for (const c of cases.filter((x) => x.kind === "fires")) {
            expect(c.checks.some((check) => check.firing.length === 0), c.title).toBe(true);
            expect(c.checks.some((check) => check.firing.length > 0), c.title).toBe(true);
        }
    });

    it("has no case for an alert the rules do not define", () => {
        const defined = new Set(alertingRules(rules).map((r) => ruleKey(r.alert ?? "", r.labels?.service)));
        expect(cases.map((c) => ruleKey(c.alert, c.service)).filter((key) => !defined.has(key))).toEqual([]);
    });

    it.each(["ServiceDown", "HighErrorRate", "DatabaseConnectionsHigh", "MemoryUsageHigh"])("runbook alert %s", (alert) => {
        const result = runCases(alert, cases.filter((c) => c.alert === alert));
        expect(result.output).toContain("SUCCESS");
        expect(result.code).toBe(0);
    });

    it.each(["SLOErrorBudgetBurnFast", "SLOErrorBudgetBurnSlow", "SLOLatencyP95High"])("SLO alert %s, every service", (alert) => {
        // The 14.4x cases run in their own test below (they are the longest: seven hours each).
        const selected = cases.filter((c) => c.alert === alert && !isFourteenXBurn(c));
        const result = runCases(alert, selected, "slo-rules.yaml");
        expect(result.output).toContain("SUCCESS");
        expect(result.code).toBe(0);
    });

    it("a 14.4x burn pages and a 1x burn does not, for every SLO", () => {
        const burns = cases.filter((c) => isFourteenXBurn(c) || (c.alert === "SLOErrorBudgetBurnFast" && /: steady 1x burn/.test(c.title)));
        expect(burns.filter((c) => c.kind === "fires").length).toBe(5);
        expect(burns.filter((c) => c.kind === "silent").length).toBe(5);
        const result = runCases("burn-14x-1x", burns, "slo-rules.yaml");
        expect(result.output).toContain("SUCCESS");
        expect(result.code).toBe(0);
    });

    it.each(["BackupStale", "CertificateExpiringSoon", "EscalateToLevel2", "EscalateToLevel3"])("%s", (alert) => {
        const result = runCases(alert, cases.filter((c) => c.alert === alert));
        expect(result.output).toContain("SUCCESS");
        expect(result.code).toBe(0);
    });

    it("fails a case that expects the wrong outcome (promtool really checks)", () => {
        const wrong = cases
            .filter((c) => c.alert === "ServiceDown" && c.kind === "silent")
            .slice(0, 1)
            .map((c) => ({ ...c, checks: [{ atSeconds: 240, firing: [{ severity: "critical" }] }] }));
        const result = runCases("wrong", wrong);
        expect(result.code).not.toBe(0);
        expect(result.output).toContain("FAILED");
    });

    it("renders the runbook's annotations and link on ServiceDown", () => {
        const target = { job: "jarvis-backend", namespace: ctx.namespace, service: "backend", instance: "10.0.0.7:8100" };
        const file = path.join(dir, "annotations.test.yaml");
        fs.writeFileSync(
            file,
            stringify({
                rule_files: ["annotated-rules.yaml"],
                evaluation_interval: "15s",
                tests: [
                    {
                        interval: "15s",
                        input_series: [
                            { series: `up{job="jarvis-backend",namespace="${ctx.namespace}",service="backend",instance="10.0.0.7:8100"}`, values: "0x10" },
                        ],
                        alert_rule_test: [
                            {
                                eval_time: "1m",
                                alertname: "ServiceDown",
                                exp_alerts: [
                                    {
                                        exp_labels: { ...target, severity: "critical" },
                                        exp_annotations: {
                                            summary: "Service jarvis-backend is down",
                                            description: "Service jarvis-backend has been down for more than 30 seconds",
                                            action: "Check service logs and restart if necessary",
                                            runbook_url: "https://docs.jarvis.com/runbooks#service-down",
                                        },
                                    },
                                ],
                            },
                        ],
                    },
                ],
            }),
        );
        const result = promtool(["test", "rules", file], dir);
        expect(result.output).toContain("SUCCESS");
        expect(result.code).toBe(0);
    });
});
