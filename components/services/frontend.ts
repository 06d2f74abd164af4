/** Frontend (tier 2): the web interface as a blue/green pair behind a health gate. */
import * as pulumi from "@pulumi/pulumi";
import { frontendDefinition } from "../definitions/frontend";
import { BlueGreenService } from "../release/blueGreenService";
import { renderBlueGreen } from "../release/renderBlueGreen";
import { TierService, TierServiceArgs } from "./tierService";

export class Frontend extends TierService<BlueGreenService> {
    constructor(name: string, args: TierServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("jarvis:app:Frontend", name, frontendDefinition(args.config), args, renderBlueGreen("frontend"), opts);
    }
}
