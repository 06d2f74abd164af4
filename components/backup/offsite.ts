/**
 * Credentials of the off-site bucket. Given as Pulumi secrets (`jarvis:backupS3AccessKeyId`,
 * `jarvis:backupS3SecretAccessKey`), they become the Secret the copy jobs read. Absent, the program
 * creates nothing and the jobs read the same Secret name as optional: an operator-managed Secret
 * (or the pods' workload identity) supplies them, and a copy that cannot authenticate fails its
 * job, which alerts. This keeps `pulumi preview` and the offline plan working without the secrets.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { platformLabels } from "../kubernetes/labels";

export interface OffsiteCredentialsArgs {
    readonly namespace: pulumi.Input<string>;
    readonly environment: string;
    /** Name of the Secret the copy jobs read. */
    readonly secretName: string;
    readonly accessKeyId: pulumi.Input<string>;
    readonly secretAccessKey: pulumi.Input<string>;
}

export class OffsiteCredentials extends pulumi.ComponentResource {
    readonly secret: k8s.core.v1.Secret;

    constructor(name: string, args: OffsiteCredentialsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("jarvis:backup:OffsiteCredentials", name, {}, opts);
        this.secret = new k8s.core.v1.Secret(
            name,
            {
                metadata: {
                    name: args.secretName,
                    namespace: args.namespace,
                    labels: platformLabels(args.secretName, args.environment),
                },
                type: "Opaque",
                stringData: {
                    AWS_ACCESS_KEY_ID: pulumi.secret(args.accessKeyId),
                    AWS_SECRET_ACCESS_KEY: pulumi.secret(args.secretAccessKey),
                },
            },
            { parent: this },
        );
        this.registerOutputs({ secret: this.secret.metadata.name });
    }
}
