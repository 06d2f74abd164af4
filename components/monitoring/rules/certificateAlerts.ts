/**
 * Certificate expiry: cert-manager renews a certificate 30 days before it expires (the runbook's SSL
 * maintenance), so one with less than 30 days left has failed to renew.
 * cert-manager's metric names the certificate's namespace in `namespace`; when its ServiceMonitor
 * does not honour labels, the scrape renames that to `exported_namespace` and `namespace` becomes
 * cert-manager's own. The expression accepts both.
 */
import { RuleContext, runbookUrl } from "./context";
import { selector } from "./promql";
import { AlertingRule, RuleGroup } from "./types";

export const certificateExpiryMetric = "certmanager_certificate_expiration_timestamp_seconds";
export const certificateAlertName = "CertificateExpiringSoon";
export const certificateRenewalDays = 30;

export function certificateExpiringSoon(context: RuleContext): AlertingRule {
    const exported = selector(certificateExpiryMetric, [{ label: "exported_namespace", value: context.namespace }]);
    const honoured = selector(certificateExpiryMetric, [
        { label: "namespace", value: context.namespace },
        { label: "exported_namespace", value: "" },
    ]);
    return {
        alert: certificateAlertName,
        expr: `(${exported} or ${honoured}) - time() < ${certificateRenewalDays} * 86400`,
        for: "15m",
        labels: { severity: "warning", namespace: context.namespace, category: "maintenance" },
        annotations: {
            summary: "Certificate {{ $labels.name }} expires in {{ $value | humanizeDuration }}",
            description: `Certificate {{ $labels.name }} has less than ${certificateRenewalDays} days left: cert-manager did not renew it`,
            action: "Check the Certificate's and its CertificateRequest's status (kubectl describe certificate), the issuer and the ACME challenge",
            runbook_url: runbookUrl(context, "ssl-certificates"),
        },
    };
}

export function certificateAlertGroups(context: RuleContext): RuleGroup[] {
    return [{ name: "jarvis-certificates", rules: [certificateExpiringSoon(context)] }];
}
