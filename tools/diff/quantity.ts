/** Kubernetes resource quantities (`20Gi`, `500m`, `1.5G`) as numbers, to tell growth from shrinking. */

const suffixes: Record<string, number> = {
    "": 1,
    m: 1e-3,
    k: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
    P: 1e15,
    E: 1e18,
    Ki: 2 ** 10,
    Mi: 2 ** 20,
    Gi: 2 ** 30,
    Ti: 2 ** 40,
    Pi: 2 ** 50,
    Ei: 2 ** 60,
};

/** The quantity's value in base units; undefined when the text is not a quantity. */
export function parseQuantity(text: unknown): number | undefined {
    if (typeof text === "number") return text;
    if (typeof text !== "string") return undefined;
    const match = /^([0-9]+(?:\.[0-9]+)?)(?:e([+-]?[0-9]+))?([a-zA-Z]*)$/.exec(text.trim());
    if (!match) return undefined;
    const [, digits, exponent, suffix] = match;
    const multiplier = suffixes[suffix];
    if (multiplier === undefined) return undefined;
    return Number(digits) * 10 ** Number(exponent ?? 0) * multiplier;
}
