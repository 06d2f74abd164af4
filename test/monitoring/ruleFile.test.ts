/**
 * The plan's plain rule file (`out/<stack>/prometheus-rules.yaml`): written by the plan, accepted
 * by `promtool check rules` for both stacks, and holding the runbook's alerts, the SLO rules of
 * every SLO in the catalog, backup freshness and certificate expiry, as the issue describes them.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { backedUpStores } from "../../catalog/backups";
import { catalogEntries, objectivesOf } from "../../catalog/services";
import { sloWindows } from "../../components/monitoring/rules/sloRules";
import { writePlan } from "../../tools/plan";
import { plan, stackConfig } from "../support/program";
import { promtool, tempDir } from "../support/promtool";
import { alertingRules, renderedRuleFile, RenderedRuleFile } from "./stack";

let outRoot: string;
const files: Record<string, RenderedRuleFile> = {};
const stacks = ["staging", "production"] as const;

beforeAll(async () => {
    outRoot = tempDir("jarvis-plan-out");
    for (const stack of stacks) {
        writePlan(await plan(stack), outRoot);
        files[stack] = parse(fs.readFileSync(path.join(outRoot, stack, "prometheus-rules.yaml"), "utf8")) as RenderedRuleFile;
    }
});

afterAll(() => {
    if (outRoot) fs.rmSync(outRoot, { recursive: true, force: true });
});

describe.each(stacks)("prometheus-rules.yaml of %s", (stack) => {
    const namespace = `jarvis-${stack}`;

    it("passes promtool check rules", () => {
        const file = path.join(outRoot, stack, "prometheus-rules.yaml");
        const count = files[stack].groups.reduce((n, g) => n + g.rules.length, 0);
        const result = promtool(["check", "rules", file]);
        expect(result.output).toContain(`SUCCESS: ${count} rules found`);
        expect(result.code).toBe(0);
    });

    it("has unique group names", () => {
        const names = files[stack].groups.map((g) => g.name);
        expect(new Set(names).size).toBe(names.length);
    });

    it("labels every alert with a known severity and the stack's namespace, and links it to the runbook", () => {
        for (const rule of alertingRules(files[stack])) {
            expect(["critical", "warning"], rule.alert).toContain(rule.labels?.severity);
            expect(rule.labels?.namespace, rule.alert).toBe(namespace);
            expect(rule.annotations?.runbook_url, rule.alert).toMatch(/^https:\/\/docs\.jarvis\.com\/runbooks#[a-z-]+$/);
            expect(rule.annotations?.summary, rule.alert).toBeTruthy();
            expect(rule.annotations?.action, rule.alert).toBeTruthy();
            expect(rule.expr, rule.alert).toContain(`namespace="${namespace}"`);
        }
    });

    it("holds the runbook's alerts with their durations and severities", () => {
        const runbook = files[stack].groups.find((g) => g.name === "jarvis-critical-operations");
        expect(runbook?.rules.map((r) => [r.alert, r.for, r.labels?.severity])).toEqual([
            ["ServiceDown", "30s", "critical"],
            ["HighErrorRate", "2m", "critical"],
            ["DatabaseConnectionsHigh", "5m", "warning"],
            ["MemoryUsageHigh", "5m", "warning"],
        ]);
        const expr = (alert: string) => runbook?.rules.find((r) => r.alert === alert)?.expr ?? "";
        expect(expr("ServiceDown")).toBe(`up{job=~"jarvis-.*",namespace="${namespace}"} == 0`);
        expect(expr("HighErrorRate")).toMatch(/rate\(jarvis_requests_errors_total\{.*\}\[5m\]\).*rate\(jarvis_requests_total\{.*\}\[5m\]\).* > 0\.05$/);
        expect(expr("DatabaseConnectionsHigh")).toBe(`jarvis_database_connections_active{namespace="${namespace}"} > 80`);
        expect(expr("MemoryUsageHigh")).toMatch(/^container_memory_usage_bytes\{.*\} \/ \(container_spec_memory_limit_bytes\{.*\} > 0\) > 0\.9$/);
    });

    it("records the error ratio of every SLO over every window and alerts on its burn rate", () => {
        const slos = catalogEntries().filter((e) => e.slo);
        expect(slos.map((e) => e.id).sort()).toEqual(["backend", "frontend", "ollama", "postgres", "redis"]);
        for (const entry of slos) {
            const group = files[stack].groups.find((g) => g.name === `jarvis-slo-${entry.id}`);
            const records = group?.rules.filter((r) => r.record === undefined ? false : r.labels?.service === entry.id).map((r) => r.record) ?? [];
            for (const window of sloWindows) expect(records, `${entry.id} ${window}`).toContain(`slo:sli_error:ratio_rate${window}`);
            const budget = String(Number((1 - (entry.slo?.availability ?? 0)).toPrecision(12)));
            const fast = group?.rules.find((r) => r.alert === "SLOErrorBudgetBurnFast");
            expect(fast?.expr).toContain(`slo:sli_error:ratio_rate1h{namespace="${namespace}",service="${entry.id}",slo="availability"} > (14.4 * ${budget})`);
            expect(fast?.expr).toContain(`slo:sli_error:ratio_rate5m{namespace="${namespace}",service="${entry.id}",slo="availability"} > (14.4 * ${budget})`);
            expect(fast?.expr).toContain(`ratio_rate6h{namespace="${namespace}",service="${entry.id}",slo="availability"} > (6 * ${budget})`);
            expect(fast?.expr).toContain(`ratio_rate30m{namespace="${namespace}",service="${entry.id}",slo="availability"} > (6 * ${budget})`);
            const slow = group?.rules.find((r) => r.alert === "SLOErrorBudgetBurnSlow");
            expect(slow?.expr).toContain(`ratio_rate1d{namespace="${namespace}",service="${entry.id}",slo="availability"} > (3 * ${budget})`);
            expect(slow?.expr).toContain(`ratio_rate3d{namespace="${namespace}",service="${entry.id}",slo="availability"} > (1 * ${budget})`);
            expect(fast?.labels?.severity).toBe("critical");
            expect(slow?.labels?.severity).toBe("warning");
        }
        // A latency alert per SLO at its p95 threshold: the stores' as their client, the backend, sees them.
        const latency = alertingRules(files[stack]).filter((r) => r.alert === "SLOLatencyP95High");
        expect(latency.map((r) => [r.labels?.service, r.expr.split(" > ")[1]])).toEqual([
            ["postgres", "0.05"],
            ["redis", "0.01"],
            ["ollama", "5"],
            ["backend", "0.2"],
            ["frontend", "2"],
        ]);
        const latencyRecords = (files[stack].groups ?? []).flatMap((g) => g.rules).filter((r) => r.record === "slo:latency_p95:seconds_rate5m");
        expect(latencyRecords.find((r) => r.labels?.service === "postgres")?.expr).toContain(
            `jarvis_dependency_duration_seconds_bucket{namespace="${namespace}",job="jarvis-backend",dependency="postgres"}`,
        );
    });

    it("alerts on every backed-up store past its RPO, and on certificates under 30 days", () => {
        const stale = alertingRules(files[stack]).filter((r) => r.alert === "BackupStale");
        expect(stale.map((r) => r.labels?.service)).toEqual([...backedUpStores]);
        for (const rule of stale) {
            const store = rule.labels?.service as (typeof backedUpStores)[number];
            expect(rule.expr).toContain(`> ${objectivesOf(store).rpoSeconds} or absent(`);
            expect(rule.expr).toContain(`cronjob=~"${store}-(.+-)?backup(-.+)?"`);
            expect(rule.for).toBe("5m");
        }
        const cert = alertingRules(files[stack]).find((r) => r.alert === "CertificateExpiringSoon");
        expect(cert?.expr).toContain("- time() < 30 * 86400");
    });
});

describe("configurable rule inputs", () => {
    it("reads the metric names and the runbook base URL from config", async () => {
        const monitoring = JSON.parse(stackConfig("staging").config["jarvis:monitoring"]) as Record<string, unknown>;
        const file = await renderedRuleFile("staging", {
            monitoring: {
                ...monitoring,
                runbookBaseUrl: "https://wiki.example.org/ops/",
                metrics: { requestsTotal: "http_requests_total", requestErrorsTotal: "http_requests_failed_total", databaseConnectionsActive: "db_pool_active" },
            },
        });
        const text = JSON.stringify(file);
        expect(text).not.toContain("jarvis_requests_total");
        expect(text).not.toContain("jarvis_requests_errors_total");
        expect(text).not.toContain("jarvis_database_connections_active");
        expect(text).toContain("http_requests_failed_total");
        // Unchanged names keep the runbook's default.
        expect(text).toContain("jarvis_response_time_seconds_bucket");
        const links = alertingRules(file).map((r) => r.annotations?.runbook_url ?? "");
        expect(links.every((l) => l.startsWith("https://wiki.example.org/ops#"))).toBe(true);
    });
});
