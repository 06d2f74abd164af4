/** TimescaleDB (tier 3): time-series StatefulSet, same mechanics as PostgreSQL on port 5433. */
import * as pulumi from "@pulumi/pulumi";
import { timescaleDefinition } from "../definitions/timescale";
import { Workload } from "../kubernetes/workload";
import { renderWorkload, TierService, TierServiceArgs } from "./tierService";

export class TimescaleDB extends TierService<Workload> {
    constructor(name: string, args: TierServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("jarvis:data:TimescaleDB", name, timescaleDefinition(args.config), args, renderWorkload, opts);
    }
}
