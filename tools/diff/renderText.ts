/** The diff for a terminal or a CI log. */
import { verdict } from "./exitCode";
import { formatFieldChange } from "./formatValue";
import { ObjectAction, PlanDiff, ResourceChange } from "./planDiff";

const objectSigns: Record<ObjectAction, string> = { added: "+", removed: "-", updated: "~", replaced: "+-" };
const resourceSigns: Record<ResourceChange["action"], string> = { added: "+", removed: "-" };

function count<T extends { action: string }>(items: readonly T[], action: T["action"]): number {
    return items.filter((item) => item.action === action).length;
}

function title(diff: PlanDiff): string {
    const stacks = diff.stacks.before === diff.stacks.after ? diff.stacks.after : `${diff.stacks.before} -> ${diff.stacks.after}`;
    return `Plan diff for ${stacks} (${diff.dirs.before} -> ${diff.dirs.after})`;
}

export function renderText(diff: PlanDiff): string {
    const lines: string[] = [title(diff), ""];
    if (diff.dataAtRisk.length > 0) {
        lines.push(`DATA AT RISK (${diff.dataAtRisk.length})`);
        for (const risk of diff.dataAtRisk) {
            lines.push(`  ! ${risk.subject}: ${risk.action}`);
            for (const reason of risk.reasons) lines.push(`      - ${reason}`);
        }
        lines.push("");
    }
    const { objects, resources } = diff;
    lines.push(
        `Kubernetes objects: ${count(objects, "added")} added, ${count(objects, "removed")} removed, ` +
            `${count(objects, "updated")} updated in place, ${count(objects, "replaced")} replaced`,
    );
    for (const object of objects) {
        lines.push(`  ${objectSigns[object.action].padEnd(2)} ${object.id}${object.action === "replaced" ? "  (replace)" : ""}`);
        for (const reason of object.replaceReasons) lines.push(`        because ${reason}`);
        for (const field of object.fields) lines.push(`        ${field.path}: ${formatFieldChange(field)}`);
    }
    lines.push("", `Other Pulumi resources: ${count(resources, "added")} added, ${count(resources, "removed")} removed`);
    for (const resource of resources) lines.push(`  ${resourceSigns[resource.action].padEnd(2)} ${resource.type} ${resource.name}`);
    lines.push("", `Result: ${verdict(diff)}`);
    return `${lines.join("\n")}\n`;
}
