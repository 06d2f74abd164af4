/** Renders alert cases as a `promtool test rules` file. */
import { stringify } from "yaml";
import { AlertCase, InputSeries } from "./types";

/** Steps of series needed to cover every check of a case, with a margin. */
export function stepsFor(testCase: Pick<AlertCase, "checks" | "intervalSeconds">): number {
    const last = Math.max(...testCase.checks.map((c) => c.atSeconds));
    return Math.ceil(last / testCase.intervalSeconds) + 2;
}

/**
 * A test file running the cases against a rule file. Rules are evaluated at the smallest series
 * interval of the cases: every case's checks fall on that grid.
 */
export function promtoolTestFile(ruleFile: string, cases: readonly AlertCase[], background: (c: AlertCase) => InputSeries[]): string {
    const evaluation = Math.min(...cases.map((c) => c.intervalSeconds));
    return stringify(
        {
            rule_files: [ruleFile],
            evaluation_interval: `${evaluation}s`,
            tests: cases.map((c) => ({
                interval: `${c.intervalSeconds}s`,
                input_series: [...c.series, ...background(c)],
                alert_rule_test: c.checks.map((check) => ({
                    eval_time: `${check.atSeconds}s`,
                    alertname: c.alert,
                    exp_alerts: check.firing.map((labels) => ({ exp_labels: labels })),
                })),
            })),
        },
        { lineWidth: 0, aliasDuplicateObjects: false },
    );
}
