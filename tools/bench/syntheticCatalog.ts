/**
 * A synthetic platform of N services built from the real building blocks: every other service a
 * PostgreSQL-family StatefulSet with generated credentials and a claim, the others a replicated
 * HTTP Deployment with a PodDisruptionBudget, all through components/kubernetes/workload.ts.
 */
import { catalog } from "../../catalog/services";
import { CatalogEntry, ServiceId } from "../../catalog/types";
import { JarvisConfig, jarvisValues, parseConfig, withSecretCredentials } from "../../config/load";
import { httpAppDefinition } from "../../components/definitions/httpApp";
import { postgresFamilyDefinition } from "../../components/definitions/postgresFamily";
import { ServiceDefinition } from "../../components/definitions/types";
import { Workload } from "../../components/kubernetes/workload";
import { readStackFile } from "../stackFile";

export const benchNamespace = "jarvis-bench";

/** The staging stack's config, so images, sizes and resources are the real ones. */
export function benchConfig(): JarvisConfig {
    return withSecretCredentials(parseConfig({ ...jarvisValues(readStackFile("staging").config), namespace: benchNamespace }));
}

/**
 * A catalog entry under a generated id. The id is outside the catalog's union on purpose: the
 * Workload only uses it to name objects and label them.
 */
function entryLike(template: CatalogEntry, id: string): CatalogEntry {
    return { ...template, id: id as ServiceId, displayName: id, dependsOn: [] };
}

export function syntheticDefinitions(count: number, config: JarvisConfig): ServiceDefinition[] {
    return Array.from({ length: count }, (_, i) => {
        const id = `svc-${String(i).padStart(3, "0")}`;
        if (i % 2 === 0) {
            return postgresFamilyDefinition({
                entry: entryLike(catalog.postgres, id),
                config,
                service: config.services.postgres,
                database: `db_${i}`,
                backup: config.backup.postgres,
            });
        }
        return httpAppDefinition({
            entry: entryLike(catalog.backend, id),
            service: { ...config.services.backend, replicas: 2 },
            env: [],
            defaultResources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "1", memory: "512Mi" } },
        });
    });
}

/** The synthetic program: one Workload per definition. */
export function syntheticProgram(definitions: readonly ServiceDefinition[]): () => void {
    return () => {
        for (const definition of definitions) {
            new Workload(definition.entry.id, { definition, namespace: benchNamespace, environment: "staging", protectData: false });
        }
    };
}
