/**
 * The diff on real offline plans: the staging stack rendered under mocks, then rendered again with
 * one config change, both written with writePlan as `npm run plan` writes them.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Plan, writePlan } from "../../tools/plan";
import { mockSecretValue } from "../../tools/mockRuntime";
import { runDiff } from "../../tools/diff/cli";
import { exitCodes } from "../../tools/diff/exitCode";
import { plan, servicesOf, stackConfig } from "../support/program";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "jarvis-diff-"));
const dirs: Record<string, string> = {};
let base: Plan;

interface Result {
    readonly code: number;
    readonly out: string;
    readonly err: string;
}

function diff(before: string, after: string, ...options: string[]): Result {
    let out = "";
    let err = "";
    const code = runDiff([dirs[before] ?? before, dirs[after] ?? after, ...options], (t) => (out += t), (t) => (err += t));
    return { code, out, err };
}

/** Writes a plan under its own root and remembers the folder under a label. */
function save(label: string, rendered: Plan): void {
    dirs[label] = writePlan(rendered, path.join(root, label));
}

function withServices(change: (services: Record<string, Record<string, unknown>>) => void) {
    const services = servicesOf("staging");
    change(services);
    return { services };
}

beforeAll(async () => {
    base = await plan("staging");
    save("base", base);
    save("again", await plan("staging"));
    save("storage", await plan("staging", withServices((s) => (s.postgres.storage = { ...(s.postgres.storage as object), size: "30Gi" }))));
    save("replicas", await plan("staging", withServices((s) => (s.postgres.replicas = 2))));
    save("image", await plan("staging", withServices((s) => (s.backend.image = "ghcr.io/jarvis-assistant/jarvis-backend:1.9.1"))));
    // A release: green already scaled full beside blue, then traffic switched to it.
    const bothFull = JSON.parse(stackConfig("staging").config["jarvis:release"]) as Record<string, { colors?: Record<string, { scale: string }> }>;
    for (const service of [bothFull.backend, bothFull.frontend]) {
        if (service.colors) service.colors.green = { ...service.colors.green, scale: "full" };
    }
    save("bothFull", await plan("staging", { release: bothFull }));
    save("color", await plan("staging", { release: bothFull, activeColor: "green" }));
    // PostgreSQL taken out of the plan by hand: the program refuses a config without it.
    const isPostgres = (labels?: Record<string, string>) => labels?.["jarvis.io/service"] === "postgres";
    save("removed", {
        ...base,
        objects: base.objects.filter((o) => !isPostgres(o.metadata.labels)),
        graph: { ...base.graph, resources: base.graph.resources.filter((r) => !r.urn.includes("postgres")) },
    });
});

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe("npm run diff on real plans", () => {
    it("reports no change between two renders of the same config", () => {
        const { code, out } = diff("base", "again");
        expect(code).toBe(exitCodes.unchanged);
        expect(out).toContain("Kubernetes objects: 0 added, 0 removed, 0 updated in place, 0 replaced");
        expect(out).toContain("Result: no changes (exit 0)");
        expect(out).not.toContain("DATA AT RISK");
    });

    it("puts a postgres storage size change at the top, as data at risk: the StatefulSet is replaced", () => {
        const { code, out } = diff("base", "storage");
        expect(code).toBe(exitCodes.dataAtRisk);
        const lines = out.split("\n");
        expect(lines[2]).toBe("DATA AT RISK (1)");
        expect(lines[3]).toBe("  ! StatefulSet jarvis-staging/postgres: replaced");
        expect(lines[4]).toBe(
            "      - storage size of a volumeClaimTemplate changed (data: 20Gi -> 30Gi): Kubernetes refuses it in place, the StatefulSet must be recreated",
        );
        expect(out.indexOf("DATA AT RISK")).toBeLessThan(out.indexOf("Kubernetes objects:"));
        expect(out).toContain("+- StatefulSet jarvis-staging/postgres  (replace)");
        expect(out).toContain('spec.volumeClaimTemplates[0].spec.resources.requests.storage: "20Gi" -> "30Gi"');
        expect(out).toContain("Kubernetes objects: 0 added, 0 removed, 0 updated in place, 1 replaced");
        expect(out).toContain("Result: data at risk (exit 2)");
    });

    it("renders the storage change as a pull-request comment", () => {
        const { code, out } = diff("base", "storage", "--format", "markdown");
        expect(code).toBe(exitCodes.dataAtRisk);
        expect(out.startsWith("<!-- jarvis-plan-diff -->\n### Offline plan diff: `staging`\n")).toBe(true);
        expect(out).toContain("#### :warning: Data at risk (1)");
        expect(out).toMatch(/\| `StatefulSet jarvis-staging\/postgres` \| replaced \| storage size of a volumeClaimTemplate changed \(data: 20Gi -&gt; 30Gi\)/);
        expect(out).toContain("<summary><code>StatefulSet jarvis-staging/postgres</code>: <b>replaced</b> (deleted, then created), 1 field(s)</summary>");
        expect(out).toContain('| `spec.volumeClaimTemplates[0].spec.resources.requests.storage` | `"20Gi"` | `"30Gi"` |');
        expect(out.indexOf("Data at risk")).toBeLessThan(out.indexOf("#### Kubernetes objects"));
        expect(out.trimEnd().endsWith("**Result:** data at risk (exit 2)")).toBe(true);
    });

    it("updates a replica change in place, with no data at risk", () => {
        const { code, out } = diff("base", "replicas");
        expect(code).toBe(exitCodes.changed);
        expect(out).not.toContain("DATA AT RISK");
        expect(out).toContain("~  StatefulSet jarvis-staging/postgres\n        spec.replicas: 1 -> 2");
        // Two replicas get a PodDisruptionBudget.
        expect(out).toContain("+  PodDisruptionBudget jarvis-staging/postgres");
        expect(out).toContain("Result: changes, no data at risk (exit 1)");
        const markdown = diff("base", "replicas", "--format", "markdown").out;
        expect(markdown).not.toContain("Data at risk");
        expect(markdown).toContain("| `spec.replicas` | `1` | `2` |");
    });

    it("shows an image change at its deep path", () => {
        const { code, out } = diff("base", "image");
        expect(code).toBe(exitCodes.changed);
        expect(out).toContain(
            'spec.template.spec.containers[0].image: "ghcr.io/jarvis-assistant/jarvis-backend:1.9.0" -> "ghcr.io/jarvis-assistant/jarvis-backend:1.9.1"',
        );
    });

    it("shows a color switch as the stable Services' selectors and the gates, with no data at risk", () => {
        const { code, out } = diff("bothFull", "color");
        expect(code).toBe(exitCodes.changed);
        expect(out).not.toContain("DATA AT RISK");
        expect(out).toContain('spec.selector["jarvis.io/color"]: "blue" -> "green"');
        expect(out).toMatch(/Job jarvis-staging\/backend-gate-green-/);
        expect(out).not.toMatch(/Deployment jarvis-staging\/backend-(blue|green)/);
    });

    it("lists removed StatefulSets, credentials and generated passwords as data at risk", () => {
        const { code, out } = diff("base", "removed");
        expect(code).toBe(exitCodes.dataAtRisk);
        const risks = out.slice(0, out.indexOf("Kubernetes objects:"));
        expect(risks).toContain("! StatefulSet jarvis-staging/postgres: removed");
        expect(risks).toContain("! Secret jarvis-staging/postgres-credentials: removed");
        expect(risks).toContain("! random:index/randomPassword:RandomPassword postgres-credentials-password: removed");
        expect(risks).not.toContain("Service jarvis-staging/postgres:");
        expect(out).toContain("-  Service jarvis-staging/postgres-headless");
        expect(out).toContain("-  jarvis:data:Postgres postgres");
    });

    it("never prints a generated credential", () => {
        const generated = base.graph.resources.filter((r) => r.type.startsWith("random:")).map((r) => mockSecretValue(r.name));
        expect(generated.length).toBeGreaterThan(0);
        for (const target of ["storage", "replicas", "image", "removed"]) {
            for (const format of ["text", "markdown"]) {
                const { out } = diff("base", target, "--format", format);
                for (const value of generated) expect(out).not.toContain(value);
            }
        }
    });

    it("exits 3 on bad usage or a missing plan, without a report", () => {
        const missing = diff("base", path.join(root, "nowhere"));
        expect(missing.code).toBe(exitCodes.error);
        expect(missing.out).toBe("");
        expect(missing.err).toContain("is not a plan folder");
        expect(diff("base", "storage", "--format", "html").code).toBe(exitCodes.error);
        expect(diff("base", "storage", "extra").err).toContain("usage: npm run diff");
    });

    it("runs as a command with the same exit codes", () => {
        const project = path.resolve(__dirname, "../..");
        const run = (...args: string[]) =>
            spawnSync(process.execPath, [path.join(project, "node_modules/tsx/dist/cli.mjs"), "tools/diff.ts", ...args], {
                cwd: project,
                encoding: "utf8",
            });
        const risky = run(dirs.base, dirs.storage, "--format", "markdown");
        expect(risky.status).toBe(exitCodes.dataAtRisk);
        expect(risky.stdout).toContain(":warning: Data at risk");
        const output = path.join(root, "comment.md");
        expect(run(dirs.base, dirs.replicas, `--output=${output}`).status).toBe(exitCodes.changed);
        expect(fs.readFileSync(output, "utf8")).toContain("spec.replicas: 1 -> 2");
        expect(run(dirs.base, path.join(root, "nowhere")).status).toBe(exitCodes.error);
    });
});
