/**
 * Backend API (tier 1): a blue/green pair (two colored Deployments, preview Services, the stable
 * Service behind a health gate) with a schema migration before each new image.
 */
import * as pulumi from "@pulumi/pulumi";
import { backendDefinition } from "../definitions/backend";
import { BlueGreenService } from "../release/blueGreenService";
import { renderBlueGreen } from "../release/renderBlueGreen";
import { TierService, TierServiceArgs } from "./tierService";

export class BackendApi extends TierService<BlueGreenService> {
    constructor(name: string, args: TierServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("jarvis:app:BackendApi", name, backendDefinition(args.config), args, renderBlueGreen("backend"), opts);
    }
}
