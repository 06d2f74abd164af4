/** Speech-to-text API (tier 3): Deployment and Service. */
import * as pulumi from "@pulumi/pulumi";
import { sttDefinition } from "../definitions/speech";
import { Workload } from "../kubernetes/workload";
import { renderWorkload, TierService, TierServiceArgs } from "./tierService";

export class SpeechToText extends TierService<Workload> {
    constructor(name: string, args: TierServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("jarvis:speech:SpeechToText", name, sttDefinition(args.config), args, renderWorkload, opts);
    }
}
