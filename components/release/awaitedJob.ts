/**
 * The Jobs of a release (health gates, migrations) share one shape: Pulumi awaits them and fails
 * the update when they fail, so they run once (no retry by Kubernetes), never restart a pod, and
 * are replaced on the next update when they failed in an earlier one.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { RunAs } from "../definitions/types";
import { podSecurityContext } from "../kubernetes/securityContext";

type Container = k8s.types.input.core.v1.Container;
type Volume = k8s.types.input.core.v1.Volume;

/** Pulumi replaces a Job that failed in an earlier update instead of waiting on it again. */
export const replaceUnreadyAnnotation = { "pulumi.com/replaceUnready": "true" } as const;

export interface AwaitedJobArgs {
    /** Kubernetes name of the Job. */
    readonly jobName: string;
    readonly namespace: pulumi.Input<string>;
    /** Labels of the Job and its pod. */
    readonly labels: Record<string, string>;
    /** Kubernetes stops the Job after this long. */
    readonly deadlineSeconds: number;
    /** Pod identity (and owner group of its volumes). */
    readonly runAs: RunAs;
    readonly initContainers?: Container[];
    readonly containers: Container[];
    readonly volumes?: Volume[];
}

export function awaitedJob(name: string, args: AwaitedJobArgs, opts: pulumi.CustomResourceOptions): k8s.batch.v1.Job {
    return new k8s.batch.v1.Job(
        name,
        {
            metadata: { name: args.jobName, namespace: args.namespace, labels: args.labels, annotations: { ...replaceUnreadyAnnotation } },
            spec: {
                // A failure must fail the update and be looked at, not be retried blindly.
                backoffLimit: 0,
                activeDeadlineSeconds: args.deadlineSeconds,
                template: {
                    metadata: { labels: args.labels },
                    spec: {
                        restartPolicy: "Never",
                        automountServiceAccountToken: false,
                        enableServiceLinks: false,
                        securityContext: podSecurityContext(args.runAs),
                        initContainers: args.initContainers,
                        containers: args.containers,
                        volumes: args.volumes,
                    },
                },
            },
        },
        opts,
    );
}
