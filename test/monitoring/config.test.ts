/** The monitoring section of the config: defaults, validation, credentials, and no person's name. */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../config/load";
import { credentialKeys } from "../../config/schema";
import { projectRoot } from "../../tools/stackFile";
import { configOf } from "./stack";

function walk(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

describe("monitoring config", () => {
    it("defaults the metric names to the runbook's and installs nothing", () => {
        const { monitoring } = configOf("staging");
        expect(monitoring.metrics).toMatchObject({
            requestsTotal: "jarvis_requests_total",
            requestErrorsTotal: "jarvis_requests_errors_total",
            responseTimeBucket: "jarvis_response_time_seconds_bucket",
            databaseConnectionsActive: "jarvis_database_connections_active",
        });
        expect(monitoring.install.kubePrometheusStack.enabled).toBe(false);
        expect(monitoring.install.jenkins.enabled).toBe(false);
        expect(monitoring.grafanaDashboardLabel).toEqual({ key: "grafana_dashboard", value: "1" });
    });

    it("treats the webhook URLs as credentials", () => {
        expect(credentialKeys).toEqual(expect.arrayContaining(["slackWebhookUrl", "pagerWebhookUrl"]));
    });

    it("reports every invalid monitoring key by path", () => {
        const base = configOf("staging").monitoring;
        const broken = {
            ...base,
            runbookBaseUrl: "not a url",
            receivers: { ...base.receivers, email: { ...base.receivers.email, critical: "on-call" } },
            install: { ...base.install, jenkins: { enabled: true, chartVersion: "^5.7" } },
            metrics: { requestsTotal: "requests-total" },
        };
        try {
            configOf("staging", { monitoring: broken });
            expect.fail("invalid config accepted");
        } catch (error) {
            expect(error).toBeInstanceOf(ConfigError);
            const problems = (error as ConfigError).problems.join("\n");
            for (const key of ["monitoring.runbookBaseUrl", "monitoring.receivers.email.critical", "monitoring.install.jenkins.chartVersion", "monitoring.metrics.requestsTotal"]) {
                expect(problems).toContain(`jarvis:${key}`);
            }
        }
    });

    it("names no person in stack files or monitoring code (roles and role addresses only)", () => {
        // The runbook's contacts name people; routing must not.
        const people = ["Enzo", "enzo@", "Engineer A", "Engineer B", "+33 6"];
        const files = [
            path.join(projectRoot, "Pulumi.staging.yaml"),
            path.join(projectRoot, "Pulumi.production.yaml"),
            ...walk(path.join(projectRoot, "components", "monitoring")),
            ...walk(path.join(projectRoot, "config", "sections")),
        ];
        for (const file of files) {
            const text = fs.readFileSync(file, "utf8");
            for (const name of people) expect(text.includes(name), `${path.relative(projectRoot, file)} names ${name}`).toBe(false);
        }
    });
});
