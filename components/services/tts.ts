/** Text-to-speech API (tier 3): Deployment and Service. */
import * as pulumi from "@pulumi/pulumi";
import { ttsDefinition } from "../definitions/speech";
import { TierService, TierServiceArgs } from "./tierService";

export class TextToSpeech extends TierService {
    constructor(name: string, args: TierServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("jarvis:speech:TextToSpeech", name, ttsDefinition(args.config), args, opts);
    }
}
