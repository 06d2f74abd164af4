/** TimescaleDB, the tier-3 time-series store (PostgreSQL with the timescaledb extension). */
import { catalog } from "../../catalog/services";
import { JarvisConfig } from "../../config/load";
import { postgresFamilyDefinition } from "./postgresFamily";
import { ServiceDefinition } from "./types";

export function timescaleDefinition(config: JarvisConfig): ServiceDefinition {
    return postgresFamilyDefinition({
        entry: catalog.timescale,
        config,
        service: config.services.timescale,
        database: `jarvis_metrics_${config.environment}`,
        backup: config.backup.timescale,
    });
}
