/**
 * Base of the per-service components: a typed ComponentResource that renders its service's
 * definition through a shared building block: the Workload (Deployment or StatefulSet) for most
 * services, the blue/green pair for the released ones. Subclasses only name their type, their
 * definition and the building block, so no tier repeats the Kubernetes mechanics.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { JarvisConfig } from "../../config/load";
import { ServiceDefinition } from "../definitions/types";
import { Workload } from "../kubernetes/workload";

export interface TierServiceArgs {
    /** The validated stack configuration. */
    readonly config: JarvisConfig;
    /** Namespace to deploy into (the Namespace resource's name, so objects wait for it). */
    readonly namespace: pulumi.Input<string>;
    /** Pod annotations whose change must roll the service's pods (checksums of what they use). */
    readonly podAnnotations?: Readonly<Record<string, pulumi.Input<string>>>;
}

/** What a building block renders: at least the Service clients connect to. */
export interface RenderedService {
    readonly service: k8s.core.v1.Service;
}

/** Where a building block's objects go: under the tier component, after its dependencies when they need them. */
export interface RenderContext {
    readonly parent: pulumi.Resource;
    /** The tier component's dependencies (other services), for children that cannot start without them. */
    readonly dependsOn?: pulumi.ComponentResourceOptions["dependsOn"];
}

/** Renders a definition with a building block. */
export type Renderer<R extends RenderedService> = (name: string, definition: ServiceDefinition, args: TierServiceArgs, context: RenderContext) => R;

/** Production protects stateful objects and credentials against deletion. */
export function protectsData(config: JarvisConfig): boolean {
    return config.environment === "production";
}

/** The plain building block: one Deployment or StatefulSet. */
export const renderWorkload: Renderer<Workload> = (name, definition, args, context) =>
    new Workload(
        name,
        {
            definition,
            namespace: args.namespace,
            environment: args.config.environment,
            protectData: protectsData(args.config),
            podAnnotations: args.podAnnotations,
        },
        { parent: context.parent },
    );

export abstract class TierService<R extends RenderedService = RenderedService> extends pulumi.ComponentResource {
    /** The rendered definition. */
    readonly definition: ServiceDefinition;
    /** Kubernetes objects of the service. */
    readonly workload: R;
    /** In-cluster DNS name clients use. */
    readonly host: pulumi.Output<string>;

    protected constructor(
        type: string,
        name: string,
        definition: ServiceDefinition,
        args: TierServiceArgs,
        render: Renderer<R>,
        opts?: pulumi.ComponentResourceOptions,
    ) {
        super(type, name, {}, opts);
        this.definition = definition;
        this.workload = render(name, definition, args, { parent: this, dependsOn: opts?.dependsOn });
        this.host = this.workload.service.metadata.name;
        this.registerOutputs({ host: this.host, port: definition.entry.port });
    }
}
