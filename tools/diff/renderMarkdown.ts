/**
 * The diff as a pull-request comment: data at risk first, then one collapsible block per changed
 * object. GitHub refuses comments over 65,536 characters; a diff that large drops its field tables
 * and points to the job log rather than failing to post.
 */
import { verdict } from "./exitCode";
import { formatValue } from "./formatValue";
import { DisplayedField, ObjectAction, ObjectChange, PlanDiff } from "./planDiff";

/** Marks the comment so CI can update it in place rather than add one per push. */
export const commentMarker = "<!-- jarvis-plan-diff -->";

const commentLimit = 60_000;

const actionLabels: Record<ObjectAction, string> = {
    added: "added",
    removed: "removed",
    updated: "updated in place",
    replaced: "<b>replaced</b> (deleted, then created)",
};

/** Inline code that survives backticks and table pipes in the value. */
function code(text: string): string {
    const escaped = text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
    return escaped.includes("`") ? `\`\` ${escaped} \`\`` : `\`${escaped}\``;
}

function html(text: string): string {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function fieldRow(field: DisplayedField): string {
    const after = field.secretChanged ? `${formatValue(field.after)} (value changed)` : formatValue(field.after);
    return `| ${code(field.path)} | ${code(formatValue(field.before))} | ${code(after)} |`;
}

function objectBlock(object: ObjectChange, withFields: boolean): string[] {
    const heading = `<code>${html(object.id)}</code>: ${actionLabels[object.action]}`;
    const reasons = object.replaceReasons.map((r) => `- because ${html(r)}`);
    if (object.fields.length === 0) return [`${heading}<br>`];
    if (!withFields) return [`${heading}, ${object.fields.length} field(s)<br>`, ...reasons, ""];
    return [
        `<details><summary>${heading}, ${object.fields.length} field(s)</summary>`,
        "",
        ...reasons,
        ...(reasons.length > 0 ? [""] : []),
        "| field | before | after |",
        "| --- | --- | --- |",
        ...object.fields.map(fieldRow),
        "",
        "</details>",
        "",
    ];
}

function render(diff: PlanDiff, withFields: boolean): string {
    const stack = diff.stacks.before === diff.stacks.after ? diff.stacks.after : `${diff.stacks.before} → ${diff.stacks.after}`;
    const lines = [commentMarker, `### Offline plan diff: \`${stack}\``, ""];
    if (diff.dataAtRisk.length > 0) {
        lines.push(`#### :warning: Data at risk (${diff.dataAtRisk.length})`, "", "| object | change | why |", "| --- | --- | --- |");
        for (const risk of diff.dataAtRisk) {
            lines.push(`| ${code(risk.subject)} | ${risk.action} | ${risk.reasons.map(html).join("<br>").replace(/\|/g, "\\|")} |`);
        }
        lines.push("");
    }
    if (diff.objects.length > 0) {
        lines.push(`#### Kubernetes objects (${diff.objects.length})`, "");
        for (const object of diff.objects) lines.push(...objectBlock(object, withFields));
        lines.push("");
    }
    if (diff.resources.length > 0) {
        lines.push(`#### Other Pulumi resources (${diff.resources.length})`, "");
        for (const resource of diff.resources) lines.push(`- ${code(`${resource.type} ${resource.name}`)}: ${resource.action}`);
        lines.push("");
    }
    if (!withFields) lines.push("_Field details are left out: the comment would exceed GitHub's size limit. The job log has the full diff._", "");
    lines.push(`**Result:** ${verdict(diff)}`);
    return `${lines.join("\n")}\n`;
}

export function renderMarkdown(diff: PlanDiff): string {
    const full = render(diff, true);
    return full.length <= commentLimit ? full : render(diff, false);
}
