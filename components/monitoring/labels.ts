/**
 * Labels of monitoring objects: the `jarvis.io/*` convention with the monitoring tier (they belong
 * to the service that reads them, Prometheus, Alertmanager's routing or Grafana), plus the labels
 * the monitoring stack selects them by.
 */
import { catalog } from "../../catalog/services";
import { serviceLabels } from "../kubernetes/labels";

/** Who reads an object: Prometheus (rules, monitors, routing) or Grafana (dashboards). */
export type MonitoringReader = "prometheus" | "grafana";

export function monitoringLabels(
    reader: MonitoringReader,
    component: string,
    environment: string,
    selectedBy: Readonly<Record<string, string>>,
): Record<string, string> {
    return {
        ...serviceLabels(catalog[reader], environment, { component }),
        "app.kubernetes.io/component": "monitoring",
        ...selectedBy,
    };
}
