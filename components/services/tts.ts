/** Text-to-speech API (tier 3): Deployment and Service. */
import * as pulumi from "@pulumi/pulumi";
import { ttsDefinition } from "../definitions/speech";
import { Workload } from "../kubernetes/workload";
import { renderWorkload, TierService, TierServiceArgs } from "./tierService";

export class TextToSpeech extends TierService<Workload> {
    constructor(name: string, args: TierServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("jarvis:speech:TextToSpeech", name, ttsDefinition(args.config), args, renderWorkload, opts);
    }
}
