/** Ollama (tier 2): LLM server StatefulSet with a model claim and optional GPUs. */
import * as pulumi from "@pulumi/pulumi";
import { ollamaDefinition } from "../definitions/ollama";
import { Workload } from "../kubernetes/workload";
import { renderWorkload, TierService, TierServiceArgs } from "./tierService";

export class Ollama extends TierService<Workload> {
    constructor(name: string, args: TierServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("jarvis:ai:Ollama", name, ollamaDefinition(args.config), args, renderWorkload, opts);
    }
}
