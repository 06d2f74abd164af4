/** PostgreSQL, the tier-1 system of record. */
import { catalog } from "../../catalog/services";
import { JarvisConfig } from "../../config/load";
import { postgresFamilyDefinition } from "./postgresFamily";
import { ServiceDefinition } from "./types";

export function postgresDefinition(config: JarvisConfig): ServiceDefinition {
    return postgresFamilyDefinition({
        entry: catalog.postgres,
        config,
        service: config.services.postgres,
        // The runbook's database name: jarvis_<environment>.
        database: `jarvis_${config.environment}`,
        backup: config.backup.postgres,
    });
}
