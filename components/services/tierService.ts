/**
 * Base of the per-service components: a typed ComponentResource that renders its service's
 * definition through the shared Workload building block. Subclasses only name their type and
 * definition, so no tier repeats the Kubernetes mechanics.
 */
import * as pulumi from "@pulumi/pulumi";
import { JarvisConfig } from "../../config/load";
import { ServiceDefinition } from "../definitions/types";
import { Workload } from "../kubernetes/workload";

export interface TierServiceArgs {
    /** The validated stack configuration. */
    readonly config: JarvisConfig;
    /** Namespace to deploy into (the Namespace resource's name, so objects wait for it). */
    readonly namespace: pulumi.Input<string>;
}

export abstract class TierService extends pulumi.ComponentResource {
    /** The rendered definition. */
    readonly definition: ServiceDefinition;
    /** Kubernetes objects of the service. */
    readonly workload: Workload;
    /** In-cluster DNS name clients use. */
    readonly host: pulumi.Output<string>;

    protected constructor(
        type: string,
        name: string,
        definition: ServiceDefinition,
        args: TierServiceArgs,
        opts?: pulumi.ComponentResourceOptions,
    ) {
        super(type, name, {}, opts);
        this.definition = definition;
        this.workload = new Workload(
            name,
            {
                definition,
                namespace: args.namespace,
                environment: args.config.environment,
                protectData: args.config.environment === "production",
            },
            { parent: this },
        );
        this.host = this.workload.service.metadata.name;
        this.registerOutputs({ host: this.host, port: definition.entry.port });
    }
}
