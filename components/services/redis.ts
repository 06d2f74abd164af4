/** Redis (tier 1): StatefulSet with AOF (appendfsync everysec) on a claim, generated password. */
import * as pulumi from "@pulumi/pulumi";
import { redisDefinition } from "../definitions/redis";
import { Workload } from "../kubernetes/workload";
import { renderWorkload, TierService, TierServiceArgs } from "./tierService";

export class Redis extends TierService<Workload> {
    constructor(name: string, args: TierServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("jarvis:data:Redis", name, redisDefinition(args.config), args, renderWorkload, opts);
    }
}
