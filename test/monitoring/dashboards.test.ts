/**
 * Grafana dashboards: rendered as ConfigMaps the sidecar loads, valid JSON, the runbook's panels,
 * and every query reads a metric that exists: a recording rule of the stack's rule file or a raw
 * metric the platform really exposes (the runbook's `jarvis_*` metrics from the scraped services,
 * `up`, cAdvisor's `container_*`, kube-state-metrics' `kube_*`). The queries also parse as PromQL.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { Dashboard, dashboardQueries } from "../../components/monitoring/dashboards/model";
import { Plan } from "../../tools/plan";
import { ruleFileOf } from "../../tools/prometheusRules";
import { plan } from "../support/program";
import { promtool, tempDir } from "../support/promtool";
import { seriesNames } from "./promqlNames";
import { configOf, RenderedRuleFile } from "./stack";

let rendered: Plan;
let boards: { configMap: string; board: Dashboard }[];
let dir: string;

beforeAll(async () => {
    rendered = await plan("staging");
    boards = rendered.objects
        .filter((o) => o.kind === "ConfigMap" && o.metadata.labels?.grafana_dashboard === "1")
        .flatMap((o) => Object.values((o.data ?? {}) as Record<string, string>).map((text) => ({ configMap: o.metadata.name ?? "", board: JSON.parse(text) as Dashboard })));
    dir = tempDir("jarvis-dashboards");
});

afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe("Grafana dashboards", () => {
    it("are ConfigMaps with the sidecar's label, in the platform's namespace, holding valid JSON", () => {
        expect(boards.map((b) => b.configMap).sort()).toEqual(["jarvis-operational-dashboard", "jarvis-slo-dashboard"]);
        for (const o of rendered.objects.filter((x) => x.kind === "ConfigMap" && x.metadata.labels?.grafana_dashboard === "1")) {
            expect(o.metadata.namespace).toBe("jarvis-staging");
            expect(o.metadata.labels?.["jarvis.io/tier"]).toBe("monitoring");
            for (const text of Object.values(o.data as Record<string, string>)) expect(() => JSON.parse(text)).not.toThrow();
        }
        const uids = boards.map((b) => b.board.uid);
        expect(new Set(uids).size).toBe(uids.length);
    });

    it("include the runbook's operational panels and the SLO panels", () => {
        const titles = (uid: string) => boards.find((b) => b.board.uid === uid)?.board.panels.map((p) => p.title) ?? [];
        expect(titles("jarvis-staging-operational")).toEqual(expect.arrayContaining(["Services Status", "Response Time P95", "Error Rate"]));
        expect(titles("jarvis-staging-slo")).toEqual(expect.arrayContaining(["Error Budget Remaining (30d)", "Burn Rate (5m)", "Burn Rate (1h)"]));
        const operational = boards.find((b) => b.board.uid === "jarvis-staging-operational")?.board;
        expect(operational?.refresh).toBe("30s");
        expect(dashboardQueries(operational as Dashboard)).toContain('up{job=~"jarvis-.*",namespace="jarvis-staging"}');
    });

    it("query only metrics and recording rules that exist", () => {
        const rules = ruleFileOf(rendered.objects) as RenderedRuleFile;
        const recorded = new Set(rules.groups.flatMap((g) => g.rules.flatMap((r) => (r.record ? [r.record] : []))));
        const metrics = configOf("staging").monitoring.metrics;
        const raw = new Set<string>(["up", metrics.requestsTotal, metrics.requestErrorsTotal, metrics.responseTimeBucket, metrics.databaseConnectionsActive]);
        const known = (name: string) => recorded.has(name) || raw.has(name) || /^container_/.test(name) || /^kube_/.test(name);
        const unknown: string[] = [];
        for (const { board } of boards) {
            for (const panel of board.panels) {
                expect(panel.targets.length, panel.title).toBeGreaterThan(0);
                for (const target of panel.targets) {
                    const names = seriesNames(target.expr);
                    expect(names.length, target.expr).toBeGreaterThan(0);
                    unknown.push(...names.filter((n) => !known(n)).map((n) => `${board.uid} / ${panel.title}: ${n}`));
                }
            }
        }
        expect(unknown).toEqual([]);
        // The SLO dashboard reads recording rules only, so it shows what the alerts evaluate.
        const slo = boards.find((b) => b.board.uid === "jarvis-staging-slo")?.board as Dashboard;
        for (const expr of dashboardQueries(slo)) for (const name of seriesNames(expr)) expect(recorded.has(name), name).toBe(true);
    });

    it("query valid PromQL (promtool parses them as recording rules)", () => {
        const queries = boards.flatMap((b) => dashboardQueries(b.board));
        const file = path.join(dir, "dashboard-queries.yaml");
        fs.writeFileSync(
            file,
            stringify({ groups: [{ name: "dashboard-queries", rules: queries.map((expr, i) => ({ record: `dashboard:query_${i}:value`, expr })) }] }),
        );
        const result = promtool(["check", "rules", file]);
        expect(result.output).toContain(`SUCCESS: ${queries.length} rules found`);
        expect(result.code).toBe(0);
    });
});
