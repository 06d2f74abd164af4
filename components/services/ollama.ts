/** Ollama (tier 2): LLM server StatefulSet with a model claim and optional GPUs. */
import * as pulumi from "@pulumi/pulumi";
import { ollamaDefinition } from "../definitions/ollama";
import { TierService, TierServiceArgs } from "./tierService";

export class Ollama extends TierService {
    constructor(name: string, args: TierServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("jarvis:ai:Ollama", name, ollamaDefinition(args.config), args, opts);
    }
}
