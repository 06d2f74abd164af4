/** The offline audit command: table, JSON report and exit code, on manifests and on a stack. */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../tools/stackFile";

interface Run {
    readonly status: number | null;
    readonly stdout: string;
    readonly stderr: string;
    readonly report?: { violations: Record<string, unknown>[] };
}

function runAudit(...args: string[]): Run {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "jarvis-audit-"));
    const json = path.join(dir, "audit.json");
    try {
        const result = spawnSync("npx", ["tsx", "tools/audit.ts", ...args, "--json", json], { cwd: projectRoot, encoding: "utf8" });
        const report = fs.existsSync(json) ? (JSON.parse(fs.readFileSync(json, "utf8")) as Run["report"]) : undefined;
        return { status: result.status, stdout: result.stdout, stderr: result.stderr, report };
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

describe("npm run audit -- --manifests FILE", () => {
    it("exits 1 on the runbook's daily pg_dump, prints the table and writes the JSON report", () => {
        const run = runAudit("--manifests", "policies/backup/fixtures/runbook-daily-pg-dump.yaml");
        expect(run.status, run.stderr).toBe(1);
        expect(run.stdout).toMatch(/^POLICY\s+LEVEL\s+RESOURCE\s+MESSAGE$/m);
        expect(run.stdout).toMatch(/^backup-meets-rpo\s+mandatory\s+StatefulSet jarvis-production\/postgres\s+postgres \(RPO 1m\): postgres-backup '0 2 \* \* \*' leaves up to 24h/m);
        expect(run.report?.violations.length).toBeGreaterThan(0);
        for (const violation of run.report?.violations ?? []) {
            expect(Object.keys(violation).sort()).toEqual(["level", "message", "policy", "resource"]);
        }
        expect(run.report?.violations).toContainEqual(
            expect.objectContaining({ policy: "backup-meets-rpo", level: "mandatory", resource: "StatefulSet jarvis-production/postgres" }),
        );
    });

    it("exits 0 when nothing mandatory is violated", () => {
        const run = runAudit("--manifests", "policies/fixtures/compliant-production.yaml");
        expect(run.status, run.stderr).toBe(0);
        expect(run.stdout).toContain("no policy violations");
        expect(run.report).toEqual({ violations: [] });
    });

    it("takes enforcement levels from a policy config file, as pulumi --policy-pack-config does", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "jarvis-policy-config-"));
        const config = path.join(dir, "policy-config.json");
        // The fixture is only the runbook's backup: silence what it leaves out, and downgrade the RPO finding.
        const silenced = ["backup-restore-job", "security-pod-hardening", "slo-alert-rules", "slo-high-availability", "slo-probes"];
        const levels = Object.fromEntries(silenced.map((name) => [name, { enforcementLevel: "disabled" }]));
        fs.writeFileSync(config, JSON.stringify({ ...levels, "backup-meets-rpo": "advisory" }));
        try {
            const run = runAudit("--manifests", "policies/backup/fixtures/runbook-daily-pg-dump.yaml", "--policy-config", config);
            expect(run.status, run.stdout).toBe(0);
            expect(run.report?.violations).toContainEqual(expect.objectContaining({ policy: "backup-meets-rpo", level: "advisory" }));
            expect(run.report?.violations.some((v) => silenced.includes(String(v.policy)))).toBe(false);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("explains its usage", () => {
        const run = runAudit();
        expect(run.status).toBe(2);
        expect(run.stderr).toContain("usage: npm run audit");
    });
});

describe("npm run audit -- <stack>", () => {
    it("runs the program under mocks and judges everything it registers", () => {
        const run = runAudit("production");
        expect([0, 1]).toContain(run.status);
        expect(run.stdout).toMatch(/^POLICY\s+LEVEL\s+RESOURCE\s+MESSAGE$/m);
        // Protect flags come from the recorded registrations: production data is protected.
        expect(run.report?.violations.filter((v) => v.policy === "data-protected-from-deletion")).toEqual([]);
    });
});
