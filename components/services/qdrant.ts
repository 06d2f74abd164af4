/** Qdrant (tier 2): vector store StatefulSet with its storage claim and a generated API key. */
import * as pulumi from "@pulumi/pulumi";
import { qdrantDefinition } from "../definitions/qdrant";
import { Workload } from "../kubernetes/workload";
import { renderWorkload, TierService, TierServiceArgs } from "./tierService";

export class Qdrant extends TierService<Workload> {
    constructor(name: string, args: TierServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("jarvis:data:Qdrant", name, qdrantDefinition(args.config), args, renderWorkload, opts);
    }
}
