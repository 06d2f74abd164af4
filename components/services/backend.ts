/** Backend API (tier 1): Deployment and Service (blue/green colors come from the release layer). */
import * as pulumi from "@pulumi/pulumi";
import { backendDefinition } from "../definitions/backend";
import { TierService, TierServiceArgs } from "./tierService";

export class BackendApi extends TierService {
    constructor(name: string, args: TierServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("jarvis:app:BackendApi", name, backendDefinition(args.config), args, opts);
    }
}
