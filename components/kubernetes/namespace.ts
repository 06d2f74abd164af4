/** The stack's namespace, enforcing the `restricted` Pod Security Standard every workload is built for. */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

export function jarvisNamespace(
    name: string,
    args: { namespace: string; environment: string; protect: boolean },
    opts: pulumi.CustomResourceOptions,
): k8s.core.v1.Namespace {
    return new k8s.core.v1.Namespace(
        name,
        {
            metadata: {
                name: args.namespace,
                labels: {
                    "app.kubernetes.io/part-of": "jarvis",
                    "app.kubernetes.io/managed-by": "pulumi",
                    "jarvis.io/environment": args.environment,
                    "pod-security.kubernetes.io/enforce": "restricted",
                    "pod-security.kubernetes.io/enforce-version": "latest",
                    "pod-security.kubernetes.io/audit": "restricted",
                    "pod-security.kubernetes.io/warn": "restricted",
                },
            },
        },
        // Deleting the namespace deletes every claim in it.
        { ...opts, protect: args.protect },
    );
}
