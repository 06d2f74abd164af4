/** Qdrant (tier 2): vector store StatefulSet with its storage claim and a generated API key. */
import * as pulumi from "@pulumi/pulumi";
import { qdrantDefinition } from "../definitions/qdrant";
import { TierService, TierServiceArgs } from "./tierService";

export class Qdrant extends TierService {
    constructor(name: string, args: TierServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("jarvis:data:Qdrant", name, qdrantDefinition(args.config), args, opts);
    }
}
