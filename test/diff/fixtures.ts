/** Hand-written plan folders for rules the real program never exercises (literal credentials, odd kinds). */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { buildGraph } from "../../tools/graph";
import { KubernetesObject } from "../../tools/manifests";
import { Plan, writePlan } from "../../tools/plan";

export function object(kind: string, name: string, fields: Record<string, unknown>, apiVersion = "v1"): KubernetesObject {
    return { apiVersion, kind, metadata: { name, namespace: "jarvis-test" }, ...fields };
}

const folders: string[] = [];

/** Writes a plan holding just these objects into a fresh folder; returns the folder. */
export function planFolder(objects: KubernetesObject[]): string {
    const plan: Plan = { stack: "fixture", graph: buildGraph("fixture", []), objects, problems: [], registrations: [] };
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "jarvis-diff-fixture-"));
    folders.push(root);
    return writePlan(plan, root);
}

/** Removes every folder planFolder wrote. */
export function removePlanFolders(): void {
    for (const folder of folders.splice(0)) fs.rmSync(folder, { recursive: true, force: true });
}
