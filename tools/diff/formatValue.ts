/** Values of changed fields on one line: JSON, shortened when a whole subtree was added or removed. */
import { DisplayedField } from "./planDiff";

const maxLength = 160;

export function formatValue(value: unknown): string {
    if (value === undefined) return "(absent)";
    const text = typeof value === "string" ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
    return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}

/** `"20Gi" -> "30Gi"`, `(absent) -> 3`, or `[secret] (value changed)`. */
export function formatFieldChange(field: DisplayedField): string {
    if (field.secretChanged) return `${formatValue(field.after)} (value changed)`;
    return `${formatValue(field.before)} -> ${formatValue(field.after)}`;
}
