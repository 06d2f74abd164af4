/** PostgreSQL (tier 1): StatefulSet, claim, headless and client Services, generated credentials. */
import * as pulumi from "@pulumi/pulumi";
import { postgresDefinition } from "../definitions/postgres";
import { Workload } from "../kubernetes/workload";
import { renderWorkload, TierService, TierServiceArgs } from "./tierService";

export class Postgres extends TierService<Workload> {
    constructor(name: string, args: TierServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("jarvis:data:Postgres", name, postgresDefinition(args.config), args, renderWorkload, opts);
    }
}
