/** TimescaleDB (tier 3): time-series StatefulSet, same mechanics as PostgreSQL on port 5433. */
import * as pulumi from "@pulumi/pulumi";
import { timescaleDefinition } from "../definitions/timescale";
import { TierService, TierServiceArgs } from "./tierService";

export class TimescaleDB extends TierService {
    constructor(name: string, args: TierServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("jarvis:data:TimescaleDB", name, timescaleDefinition(args.config), args, opts);
    }
}
