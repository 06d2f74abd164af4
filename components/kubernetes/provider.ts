/** The explicit Kubernetes provider of a stack: every object goes through it, never the ambient one. */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { JarvisConfig } from "../../config/load";

export function kubernetesProvider(name: string, config: JarvisConfig, opts?: pulumi.CustomResourceOptions): k8s.Provider {
    return new k8s.Provider(
        name,
        {
            namespace: config.namespace,
            kubeconfig: config.kubeconfig,
            context: config.kubernetes.context,
            // Set: write YAML manifests to this directory instead of applying them.
            renderYamlToDirectory: config.kubernetes.renderYamlToDirectory,
            enableServerSideApply: true,
        },
        opts,
    );
}
