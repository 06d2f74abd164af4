/**
 * The health gate of a blue/green switch: a Job that checks the color about to receive traffic
 * through its preview Service. Pulumi awaits a Job until it completes and fails the update when it
 * fails, and the stable Service depends on the gate, so its selector only moves after the new color
 * passed; otherwise the update stops and traffic stays where it was.
 *
 * The Job's name carries the color and a hash of what it checks: every switch (and every new image
 * of the active color) creates a new Job, which runs again; an unchanged release keeps its
 * completed Job and runs nothing.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { CatalogEntry } from "../../catalog/types";
import { RunAs } from "../definitions/types";
import { jobPodLabels, serviceLabels } from "../kubernetes/labels";
import { containerSecurityContext } from "../kubernetes/securityContext";
import { awaitedJob } from "./awaitedJob";
import { Color, colorName } from "./colors";
import { shortHash } from "./hash";
import { scriptText, shellCommand } from "./scripts";

/** The curl image's own unprivileged user (`curl_user`). */
const curlUser: RunAs = { user: 100, group: 101, readOnlyRootFilesystem: true };

export interface HealthGateArgs {
    /** The service checked. */
    readonly entry: CatalogEntry;
    /** The color about to receive traffic. */
    readonly color: Color;
    /** That color's image: a new image is checked again. */
    readonly image: string;
    /** Image of the HTTP client (`sh` and `curl`). */
    readonly gateImage: string;
    /** Namespace of the Job. */
    readonly namespace: pulumi.Input<string>;
    /** Environment name, written as a label. */
    readonly environment: string;
}

/** How long the gate tries: the runbook's wait-for-service timeout, one attempt a second. */
export function gateAttempts(entry: CatalogEntry): number {
    return entry.readinessWaitSeconds ?? 30;
}

/** The preview Service URL of a color's health check. */
export function previewHealthUrl(entry: CatalogEntry, color: Color): string {
    if (entry.health.kind !== "http") throw new Error(`${entry.id}: a health gate needs an HTTP health check`);
    return `http://${colorName(entry, color)}:${entry.port}${entry.health.path}`;
}

/** The gate Job's name: the service, the color, and a hash of what the gate checks and how. */
export function healthGateJobName(args: Pick<HealthGateArgs, "entry" | "color" | "image" | "gateImage">): string {
    const url = previewHealthUrl(args.entry, args.color);
    return `${args.entry.id}-gate-${args.color}-${shortHash(args.color, args.image, args.gateImage, url, scriptText("health-gate.sh"))}`;
}

export class HealthGate extends pulumi.ComponentResource {
    /** The Job the stable Service waits for. */
    readonly job: k8s.batch.v1.Job;

    constructor(name: string, args: HealthGateArgs, opts?: pulumi.ComponentResourceOptions) {
        super("jarvis:release:HealthGate", name, {}, opts);
        const { entry, color } = args;
        const url = previewHealthUrl(entry, color);
        const attempts = gateAttempts(entry);
        const jobName = healthGateJobName(args);
        const labels = { ...serviceLabels(entry, args.environment, { component: `${entry.id}-health-gate` }), ...jobPodLabels("health-gate", entry.id) };
        this.job = awaitedJob(
            name,
            {
                jobName,
                namespace: args.namespace,
                labels,
                // The script retries by itself; an attempt lasts at most curl's 5 s timeout plus the
                // 1 s pause; a minute more to start.
                deadlineSeconds: attempts * 6 + 60,
                runAs: curlUser,
                containers: [
                    {
                        name: "health-gate",
                        image: args.gateImage,
                        imagePullPolicy: "IfNotPresent",
                        command: shellCommand("health-gate.sh"),
                        env: [
                            { name: "GATE_URL", value: url },
                            { name: "GATE_ATTEMPTS", value: String(attempts) },
                            { name: "GATE_INTERVAL_SECONDS", value: "1" },
                            { name: "GATE_SUCCESSES", value: "3" },
                        ],
                        resources: {
                            requests: { cpu: "10m", memory: "16Mi" },
                            limits: { cpu: "100m", memory: "64Mi" },
                        },
                        securityContext: containerSecurityContext(curlUser),
                    },
                ],
            },
            // Children do not inherit a component's dependencies: the Job itself must wait for the rollout.
            { parent: this, dependsOn: opts?.dependsOn },
        );
        this.registerOutputs({ job: this.job.metadata.name });
    }
}
