/** The Jenkinsfile's stages, by a text check of the Groovy (there is no Groovy parser at hand). */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";

const groovy = fs.readFileSync(path.resolve(__dirname, "../../Jenkinsfile"), "utf8");
// Comments say what the pipeline does; only code counts.
const code = groovy.replace(/^\s*\/\/.*$/gm, "");

/** The body of a stage: from its declaration to the next stage declaration. */
function stage(name: string): string {
    const start = code.indexOf(`stage('${name}')`);
    if (start === -1) throw new Error(`no stage '${name}'`);
    const next = code.indexOf("stage('", start + 1);
    return code.slice(start, next === -1 ? undefined : next);
}

describe("Jenkinsfile", () => {
    it("is a declarative pipeline with the stages in order", () => {
        expect(code).toMatch(/^pipeline \{/m);
        const names = [...code.matchAll(/stage\('([^']+)'\)/g)].map((m) => m[1]);
        expect(names).toEqual([
            "Install",
            "Test",
            "Plan and audit",
            "Plan and audit: staging",
            "Plan and audit: production",
            "Diff against target branch",
            "Preview",
            "Deploy staging",
            "Approve production",
            "Deploy production",
        ]);
    });

    it("tests, plans and audits both stacks", () => {
        expect(stage("Test")).toContain("bash scripts/test-all.sh");
        for (const stack of ["staging", "production"]) {
            const body = stage(`Plan and audit: ${stack}`);
            expect(body).toContain(`npm run plan -- ${stack}`);
            expect(body).toContain(`npm run audit -- ${stack}`);
        }
    });

    it("diffs against the target branch on pull requests only", () => {
        const body = stage("Diff against target branch");
        expect(body).toContain("changeRequest()");
        expect(body).toContain("CHANGE_TARGET");
        expect(body).toContain("planDiff('staging')");
        expect(body).toContain("planDiff('production')");
        expect(code).toContain("npm run --silent diff -- base/out/${stack} out/${stack} --format markdown");
    });

    it("previews with the policy pack only when Pulumi credentials exist", () => {
        const body = stage("Preview");
        expect(body).toContain("env.PULUMI_CREDENTIALS_ID?.trim()");
        expect(body).toContain("runPulumi('staging', 'preview')");
        expect(code).toContain("--policy-pack policies");
    });

    it("deploys staging on main, then production after an input approval", () => {
        expect(stage("Deploy staging")).toContain("branch 'main'");
        expect(stage("Deploy staging")).toContain("runPulumi('staging', 'up --yes')");
        const approval = stage("Approve production");
        expect(approval).toContain("branch 'main'");
        expect(approval).toMatch(/\binput message: /);
        expect(stage("Deploy production")).toContain("runPulumi('production', 'up --yes')");
        expect(code.indexOf("stage('Approve production')")).toBeLessThan(code.indexOf("stage('Deploy production')"));
    });
});
