/** Speech-to-text API (tier 3): Deployment and Service. */
import * as pulumi from "@pulumi/pulumi";
import { sttDefinition } from "../definitions/speech";
import { TierService, TierServiceArgs } from "./tierService";

export class SpeechToText extends TierService {
    constructor(name: string, args: TierServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("jarvis:speech:SpeechToText", name, sttDefinition(args.config), args, opts);
    }
}
