/** The operations guide covers every runbook procedure, and its links lead somewhere. */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";

const guide = fs.readFileSync(path.join(__dirname, "..", "docs", "operations.md"), "utf8");

/** The runbook's procedures (`### **N. ...**` sections of jarvis-runbooks.md v1.9.0), as the guide's index names them. */
const runbookProcedures = [
    "Démarrage standard",
    "Démarrage production (blue/green)",
    "Scripts support démarrage",
    "Arrêt gracieux",
    "Arrêt d'urgence",
    "Dashboard opérationnel",
    "alertes critiques",
    "Health check complet",
    "Incident backend non réactif",
    "Incident corruption base de données",
    "Incident memory leak",
    "Maintenance base de données",
    "Maintenance certificats SSL",
    "Backup complet automatisé",
    "Recovery complet",
    "Escalation",
];

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes. */
function anchor(heading: string): string {
    return heading.toLowerCase().replace(/[^\p{L}\p{N} -]/gu, "").replace(/ /g, "-");
}

describe("docs/operations.md", () => {
    it.each(runbookProcedures)("maps the runbook's '%s' to a section", (procedure) => {
        const row = guide.split("\n").find((line) => line.startsWith("|") && line.includes(procedure));
        expect(row, procedure).toBeDefined();
        expect(row).toMatch(/\[[^\]]+\]\(#[^)]+\)/);
    });

    it("links only to sections that exist", () => {
        const anchors = new Set(guide.split("\n").filter((l) => l.startsWith("## ")).map((l) => anchor(l.slice(3))));
        const links = [...guide.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]);
        expect(links.length).toBeGreaterThanOrEqual(runbookProcedures.length);
        expect(links.filter((link) => !anchors.has(link))).toEqual([]);
    });

    it("names commands that exist in this project", () => {
        const scripts = Object.keys(JSON.parse(fs.readFileSync(path.join(__dirname, "..", "package.json"), "utf8")).scripts);
        for (const [, script] of guide.matchAll(/npm run (\w[\w:-]*)/g)) expect(scripts).toContain(script);
    });
});
