/**
 * Just enough PromQL reading to find an alert's thresholds: the constant operands of its
 * comparisons (`> (14.4 * (1 - 0.999))`, `< 0.999`, `> 0.2`), evaluated, and the quantile of a
 * `histogram_quantile` call.
 */

export interface Comparison {
    readonly operator: ">" | ">=" | "<" | "<=";
    /** The constant operand's text, as written. */
    readonly text: string;
    /** Its value. */
    readonly value: number;
}

/** Evaluates `+ - * /`, parentheses and numbers; undefined for anything else. */
function evaluate(text: string): number | undefined {
    const tokens = text.match(/\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|\.\d+|[-+*/()]/g) ?? [];
    if (tokens.join("") !== text.replace(/\s+/g, "")) return undefined;
    let position = 0;
    const peek = () => tokens[position];
    const next = () => tokens[position++];
    const primary = (): number | undefined => {
        const token = next();
        if (token === "(") {
            const inner = sum();
            return next() === ")" ? inner : undefined;
        }
        if (token === "-") {
            const inner = primary();
            return inner === undefined ? undefined : -inner;
        }
        return token !== undefined && /^[\d.]/.test(token) ? Number(token) : undefined;
    };
    const product = (): number | undefined => {
        let left = primary();
        while (left !== undefined && (peek() === "*" || peek() === "/")) {
            const op = next();
            const right = primary();
            left = right === undefined ? undefined : op === "*" ? left * right : left / right;
        }
        return left;
    };
    const sum = (): number | undefined => {
        let left = product();
        while (left !== undefined && (peek() === "+" || peek() === "-")) {
            const op = next();
            const right = product();
            left = right === undefined ? undefined : op === "+" ? left + right : left - right;
        }
        return left;
    };
    const result = sum();
    return position === tokens.length ? result : undefined;
}

/** The constant right-hand operand after a comparison, up to where the arithmetic ends. */
function operandAfter(expr: string, start: number): string {
    let depth = 0;
    let end = start;
    for (; end < expr.length; end++) {
        const c = expr[end];
        if (c === "(") depth++;
        else if (c === ")") {
            if (depth === 0) break;
            depth--;
        } else if (!/[\d.eE+\-*/\s]/.test(c)) break;
    }
    return expr.slice(start, end).trim().replace(/[-+*/\s]+$/, "");
}

/** Comparisons against constants in an expression. */
export function comparisons(expr: string): Comparison[] {
    const found: Comparison[] = [];
    for (const match of expr.matchAll(/(>=|<=|>|<)(\s*bool)?/g)) {
        const operator = match[1] as Comparison["operator"];
        const text = operandAfter(expr, (match.index ?? 0) + match[0].length);
        const value = text === "" ? undefined : evaluate(text);
        if (value !== undefined) found.push({ operator, text, value });
    }
    return found;
}

/** Quantiles of `histogram_quantile(q, ...)` calls. */
export function quantiles(expr: string): number[] {
    return [...expr.matchAll(/histogram_quantile\s*\(\s*([\d.]+)/g)].map((m) => Number(m[1]));
}

/** Objectives written as an error budget `1 - <objective>`. */
export function budgetObjectives(text: string): number[] {
    return [...text.matchAll(/(?<![\d.])1\s*-\s*(\d*\.\d+)/g)].map((m) => Number(m[1]));
}

/** Metric names an expression reads (to follow recording rules). */
export function metricNames(expr: string): string[] {
    return [...expr.matchAll(/[a-zA-Z_:][\w:]*/g)].map((m) => m[0]);
}

/** `service="backend"` (or `jarvis_service`, or a scrape `job`) matchers. */
export function serviceMatchers(expr: string): string[] {
    return [...expr.matchAll(/\b(?:jarvis_service|service|job)\s*=\s*"([^"]+)"/g)].map((m) => m[1]);
}
