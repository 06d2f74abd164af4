/** Frontend (tier 2): web interface Deployment and Service. */
import * as pulumi from "@pulumi/pulumi";
import { frontendDefinition } from "../definitions/frontend";
import { TierService, TierServiceArgs } from "./tierService";

export class Frontend extends TierService {
    constructor(name: string, args: TierServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("jarvis:app:Frontend", name, frontendDefinition(args.config), args, opts);
    }
}
