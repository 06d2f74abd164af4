/**
 * Credentials generated at deploy time (`@pulumi/random`), kept as Pulumi secrets and handed to
 * pods through a Kubernetes Secret, so no password is ever written in code, config or a manifest.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { CredentialsDefinition } from "../definitions/types";

export interface GeneratedCredentialsArgs {
    /** What to generate and the secret to deliver it in. */
    readonly credentials: CredentialsDefinition;
    /** Namespace of the secret. */
    readonly namespace: pulumi.Input<string>;
    /** Labels of the secret. */
    readonly labels: Record<string, string>;
    /** Protect the generated values and the secret against deletion (losing them locks the data out). */
    readonly protect: boolean;
}

export class GeneratedCredentials extends pulumi.ComponentResource {
    /** The secret pods read the credentials from. */
    readonly secret: k8s.core.v1.Secret;
    /** Generated values by key, as secrets. */
    readonly values: Record<string, pulumi.Output<string>>;

    constructor(name: string, args: GeneratedCredentialsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("jarvis:kubernetes:GeneratedCredentials", name, {}, opts);
        const { credentials } = args;
        this.values = {};
        for (const key of credentials.generated) {
            const password = new random.RandomPassword(
                `${name}-${key}`,
                // Letters and digits only: the values end up in URLs and command lines.
                { length: 32, special: false },
                { parent: this, protect: args.protect },
            );
            this.values[key] = pulumi.secret(password.result);
        }
        this.secret = new k8s.core.v1.Secret(
            name,
            {
                metadata: { name: credentials.secretName, namespace: args.namespace, labels: args.labels },
                type: "Opaque",
                stringData: { ...(credentials.fixed ?? {}), ...this.values },
            },
            { parent: this, protect: args.protect },
        );
        this.registerOutputs({ secretName: this.secret.metadata.name });
    }
}
