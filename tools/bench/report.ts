/** The bench's tables. */
import { linearityLimit, marginal, ScalingRow } from "./scaling";

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
    return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

const ms = (value: number) => `${value.toFixed(0)} ms`;

export interface StackTiming {
    readonly stack: string;
    readonly childMs: number;
    readonly warmMs: number;
    readonly auditMs?: number;
}

export function stackTable(timings: readonly StackTiming[], runs: number, auditLabel: string | undefined): string {
    const header = ["stack", "plan: fresh process", "plan: in-process (warm)", auditLabel ? "audit: fresh process" : "audit"];
    const rows = timings.map((t) => [t.stack, ms(t.childMs), ms(t.warmMs), t.auditMs === undefined ? "not available" : ms(t.auditMs)]);
    const notes = [
        `median of ${runs} runs each; "fresh process" is what a user waits for (npx tsx, module loading included).`,
        auditLabel ? `audit measured as: ${auditLabel}` : "audit: not available (no tools/audit.ts or npm script \"audit\" in this checkout)",
    ];
    return [table(header, rows), ...notes].join("\n");
}

/** The scaling table and its verdict; `linear` is false when the growth is worse than the limit. */
export function scalingTable(rows: readonly ScalingRow[], runs: number): { text: string; linear: boolean } {
    const lines = rows.map((row, i) => [
        String(row.services),
        String(row.objects),
        ms(row.medianMs),
        (row.medianMs / row.services).toFixed(2),
        i === 0 ? "" : marginal(rows[i - 1], row).toFixed(2),
    ]);
    const text = [table(["services", "objects", "median", "ms/service", "marginal ms/service"], lines)];
    let linear = true;
    if (rows.length >= 3) {
        const [small, large] = [marginal(rows[0], rows[1]), marginal(rows[rows.length - 2], rows[rows.length - 1])];
        const ratio = large / small;
        linear = ratio <= linearityLimit;
        const span = `${rows[rows.length - 2].services}->${rows[rows.length - 1].services}`;
        text.push(
            `ratio check: marginal cost ${span} / ${rows[0].services}->${rows[1].services} = ${ratio.toFixed(2)} ` +
                `(limit ${linearityLimit}): ${linear ? "close to linear" : "SUPERLINEAR"}`,
            `time ratio ${rows[rows.length - 1].services}/${rows[0].services} services: ` +
                `${(rows[rows.length - 1].medianMs / rows[0].medianMs).toFixed(1)}x for ${(rows[rows.length - 1].services / rows[0].services).toFixed(0)}x the services`,
        );
    }
    text.push(`median of ${runs} in-process runs each: render under mocks + object extraction + schema validation, after one warm-up run.`);
    return { text: text.join("\n"), linear };
}
