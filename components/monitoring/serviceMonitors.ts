/**
 * ServiceMonitor specs for the scraped services. The job is renamed `jarvis-<service>` (the
 * runbook's alerts and dashboards select `job=~"jarvis-.*"`), and headless Services are dropped:
 * a StatefulSet's headless Service carries the same labels as its ClusterIP Service and would
 * scrape every pod twice.
 */
import { labelKeys } from "../kubernetes/labels";
import { jobName, ScrapeTarget } from "./scrapeTargets";

/** How often Prometheus scrapes: ServiceDown fires after 30 s, so a scrape must land inside that. */
export const scrapeInterval = "15s";

export function serviceMonitorSpec(target: ScrapeTarget): Record<string, unknown> {
    const endpoint: Record<string, unknown> = {
        port: target.port,
        path: target.path,
        scheme: "http",
        interval: scrapeInterval,
        relabelings: [
            { action: "drop", sourceLabels: ["__meta_kubernetes_service_name"], regex: ".+-headless" },
            { action: "replace", targetLabel: "job", replacement: jobName(target.service) },
        ],
    };
    if (target.bearerToken) {
        endpoint.authorization = { type: "Bearer", credentials: { name: target.bearerToken.secret, key: target.bearerToken.key } };
    }
    return {
        selector: { matchLabels: { [labelKeys.service]: target.service, "app.kubernetes.io/instance": "jarvis" } },
        endpoints: [endpoint],
    };
}
