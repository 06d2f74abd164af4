/**
 * The `monitoring` section of a stack's configuration: where alerts link to, which metric names the
 * rules read, who receives notifications (role addresses and channels from the runbook's contacts,
 * never a person) and whether this program installs the monitoring stack itself.
 * Webhook URLs are credentials: they are top-level credential keys (`slackWebhookUrl`,
 * `pagerWebhookUrl`), not part of this section.
 */
import { z } from "zod";
import { parseDuration } from "../../catalog/duration";

/** A Prometheus metric or recording-rule name. */
const metricName = z.string().regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/, { error: "a Prometheus metric name such as jarvis_requests_total" });

/** A Kubernetes label key (optionally prefixed) or value. */
const labelKey = z.string().regex(/^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/, { error: "a Kubernetes label key" });
const labelValue = z.string().regex(/^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/, { error: "a Kubernetes label value" });

const slackChannel = z.string().regex(/^#[a-z0-9][a-z0-9_-]{0,79}$/, { error: "a Slack channel such as #jarvis-critical" });

/** A duration as Prometheus writes it ("5m", "1h"). */
const duration = z.string().refine((text) => (parseDuration(text) ?? 0) > 0, { error: "a duration such as 30s, 5m or 1h" });

const chartVersion = z.string().regex(/^\d+\.\d+\.\d+$/, { error: "an exact chart version such as 65.2.0 (no ranges)" });

const dnsLabel = z.string().regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, { error: "a DNS-1123 label" });

/** Metric names the rules and dashboards read; the runbook's names unless a stack says otherwise. */
const metrics = z.strictObject({
    /** Counter of every request served. */
    requestsTotal: metricName.default("jarvis_requests_total"),
    /** Counter of failed requests. */
    requestErrorsTotal: metricName.default("jarvis_requests_errors_total"),
    /** Histogram buckets of response times, in seconds. */
    responseTimeBucket: metricName.default("jarvis_response_time_seconds_bucket"),
    /**
     * Histogram buckets of the time the backend waits on each store it calls (label `dependency`:
     * postgres, redis, ollama...): the latency of a store as its client sees it, for stores that
     * publish no latency histogram of their own.
     */
    dependencyDurationBucket: metricName.default("jarvis_dependency_duration_seconds_bucket"),
    /** Gauge of open database connections. */
    databaseConnectionsActive: metricName.default("jarvis_database_connections_active"),
    /** cAdvisor's memory usage gauge (the runbook's; `container_memory_working_set_bytes` ignores page cache). */
    containerMemoryUsage: metricName.default("container_memory_usage_bytes"),
    /** cAdvisor's memory limit gauge. */
    containerMemoryLimit: metricName.default("container_spec_memory_limit_bytes"),
    /** Unix time of a store's last successful backup, published by the backup itself (label `store`). */
    backupLastSuccessTimestamp: metricName.default("jarvis_backup_last_success_timestamp_seconds"),
});

/** Notification targets of the runbook's `notification_channels`. */
const receivers = z.strictObject({
    slack: z
        .strictObject({
            critical: slackChannel.default("#jarvis-critical"),
            warnings: slackChannel.default("#jarvis-alerts"),
            maintenance: slackChannel.default("#jarvis-maintenance"),
        })
        .prefault({}),
    email: z.strictObject({
        /** Receives every critical alert. */
        critical: z.email(),
        /** The technical team: warnings, and critical alerts unresolved past level 1 of the escalation. */
        technical: z.email(),
        /** Management: critical alerts unresolved past level 2 of the escalation. */
        management: z.email(),
        /** Sender address of alert e-mails. */
        from: z.email(),
        /** SMTP relay (`host:port`); Alertmanager's global SMTP settings when absent. */
        smarthost: z
            .string()
            .regex(/^[a-z0-9.-]+:\d{1,5}$/, { error: "host:port of an SMTP relay" })
            .optional(),
    }),
});

const helmChart = (version: string) =>
    z.strictObject({
        /** Install the chart with this program (default: assume it is already installed). */
        enabled: z.boolean().default(false),
        /** Exact chart version: an upgrade is a reviewed change. */
        chartVersion: chartVersion.default(version),
    });

const install = z.strictObject({
    /** Namespace of the monitoring stack and Jenkins when this program installs them. */
    namespace: dnsLabel.default("monitoring"),
    /** kube-prometheus-stack: Prometheus, Alertmanager, Grafana, kube-state-metrics and the operator's CRDs. */
    kubePrometheusStack: helmChart("65.2.0").prefault({}),
    /** Jenkins, the runbook's DevOps tier. */
    jenkins: helmChart("5.7.12").prefault({}),
});

export const monitoringConfig = z.strictObject({
    /** Base of every alert's runbook link (the anchor names the alert's section). */
    runbookBaseUrl: z.url({ protocol: /^https?$/ }).default("https://docs.jarvis.com/runbooks"),
    metrics: metrics.prefault({}),
    receivers,
    /** Labels Prometheus and Alertmanager select rules, monitors and routing by (their `*Selector`s). */
    selectorLabels: z.record(labelKey, labelValue).default({ release: "kube-prometheus-stack" }),
    /** The label Grafana's dashboard sidecar watches ConfigMaps for. */
    grafanaDashboardLabel: z
        .strictObject({ key: labelKey.default("grafana_dashboard"), value: labelValue.default("1") })
        .prefault({}),
    /** How long a backup may run past its RPO before its staleness alerts (a run takes time). */
    backupAlertGrace: duration.default("5m"),
    install: install.prefault({}),
});

export type MonitoringConfig = z.infer<typeof monitoringConfig>;
export type MetricNames = MonitoringConfig["metrics"];
export type ReceiversConfig = MonitoringConfig["receivers"];
