/**
 * What restore jobs may do through the Kubernetes API, and nothing more: scale the writers
 * (Deployments) and the stores (StatefulSets) down and up again, and watch their pods go and come.
 * Only the restore jobs use this ServiceAccount; backup jobs run without any token.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { platformLabels } from "../kubernetes/labels";

export const restoreServiceAccountName = "backup-restore";

export interface RestoreAccessArgs {
    readonly namespace: pulumi.Input<string>;
    readonly environment: string;
    /** StatefulSets a point-in-time recovery may stop (the PostgreSQL-family stores). */
    readonly statefulSets: readonly string[];
}

export class RestoreAccess extends pulumi.ComponentResource {
    readonly serviceAccount: k8s.core.v1.ServiceAccount;

    constructor(name: string, args: RestoreAccessArgs, opts?: pulumi.ComponentResourceOptions) {
        super("jarvis:backup:RestoreAccess", name, {}, opts);
        const metadata = {
            name: restoreServiceAccountName,
            namespace: args.namespace,
            labels: platformLabels(restoreServiceAccountName, args.environment),
        };
        this.serviceAccount = new k8s.core.v1.ServiceAccount(name, { metadata, automountServiceAccountToken: false }, { parent: this });
        const role = new k8s.rbac.v1.Role(
            name,
            {
                metadata,
                rules: [
                    // Writers are found by label (blue and green colors included), so not by name.
                    { apiGroups: ["apps"], resources: ["deployments"], verbs: ["get", "list", "watch", "patch"] },
                    { apiGroups: ["apps"], resources: ["deployments/scale"], verbs: ["get", "patch", "update"] },
                    { apiGroups: ["apps"], resources: ["statefulsets"], resourceNames: [...args.statefulSets], verbs: ["get", "watch", "patch"] },
                    { apiGroups: ["apps"], resources: ["statefulsets"], verbs: ["list"] },
                    { apiGroups: ["apps"], resources: ["statefulsets/scale"], resourceNames: [...args.statefulSets], verbs: ["get", "patch", "update"] },
                    { apiGroups: [""], resources: ["pods"], verbs: ["get", "list", "watch"] },
                ],
            },
            { parent: this },
        );
        new k8s.rbac.v1.RoleBinding(
            name,
            {
                metadata,
                roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: role.metadata.name },
                subjects: [{ kind: "ServiceAccount", name: this.serviceAccount.metadata.name, namespace: args.namespace }],
            },
            { parent: this },
        );
        this.registerOutputs({ serviceAccount: this.serviceAccount.metadata.name });
    }
}
