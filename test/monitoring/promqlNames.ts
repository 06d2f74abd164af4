/**
 * The metric and recording-rule names a PromQL expression reads, found by a small tokenizer:
 * strings, label matchers, ranges and grouping clauses are removed, then every identifier that is
 * neither a function/aggregation (followed by "(") nor a keyword is a series name.
 */

const keywords = new Set(["and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring", "group_left", "group_right", "inf", "nan"]);

export function seriesNames(expr: string): string[] {
    const stripped = expr
        .replace(/"(?:[^"\\]|\\.)*"/g, '""')
        .replace(/\{[^}]*\}/g, " ")
        .replace(/\[[^\]]*\]/g, " ")
        .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, " ");
    const names = new Set<string>();
    for (const match of stripped.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)) {
        const name = match[0];
        const index = match.index ?? 0;
        // A digit before it makes it part of a number (1e3) or a duration.
        if (index > 0 && /[0-9.]/.test(stripped[index - 1])) continue;
        const rest = stripped.slice(index + name.length);
        if (/^\s*\(/.test(rest) || keywords.has(name.toLowerCase())) continue;
        names.add(name);
    }
    return [...names];
}
