/** CertificateExpiringSoon cases: under 30 days left fires after 15 minutes; over 30 days, or another namespace's certificate, does not. */
import { CaseContext } from "./context";
import { AlertCase, firesAfter, seriesName } from "./types";

const day = 86400;
const interval = 60;

export function certificateCases(ctx: CaseContext): AlertCase[] {
    const metric = "certmanager_certificate_expiration_timestamp_seconds";
    // Scraped without honorLabels: cert-manager's namespace in `namespace`, the certificate's in `exported_namespace`.
    const renamed = { exported_namespace: ctx.namespace, namespace: "cert-manager", name: "jarvis-tls" };
    const honoured = { namespace: ctx.namespace, name: "jarvis-tls" };
    const alertLabels = (labels: Record<string, string>) => ({ ...labels, namespace: ctx.namespace, severity: "warning", category: "maintenance" });
    const base = { alert: "CertificateExpiringSoon", intervalSeconds: interval };
    return [
        {
            ...base,
            kind: "fires",
            title: "29 days left (exported_namespace)",
            series: [{ series: seriesName(metric, renamed), values: `${29 * day}x40` }],
            checks: firesAfter(0, 900, interval, alertLabels(renamed)),
        },
        {
            ...base,
            kind: "fires",
            title: "29 days left (labels honoured)",
            series: [{ series: seriesName(metric, honoured), values: `${29 * day}x40` }],
            checks: firesAfter(0, 900, interval, alertLabels(honoured)),
        },
        {
            ...base,
            kind: "silent",
            title: "30 days and one hour left",
            series: [{ series: seriesName(metric, renamed), values: `${30 * day + 3600}x40` }],
            checks: [{ atSeconds: 1800, firing: [] }],
        },
        {
            ...base,
            kind: "silent",
            title: "another namespace's certificate",
            series: [{ series: seriesName(metric, { ...renamed, exported_namespace: "elsewhere" }), values: `${29 * day}x40` }],
            checks: [{ atSeconds: 1800, firing: [] }],
        },
    ];
}
