/** The backend API (tier 1): reaches PostgreSQL, Redis, Qdrant and Ollama. */
import { catalog } from "../../catalog/services";
import { JarvisConfig } from "../../config/load";
import { serviceUrl } from "./common";
import { httpAppDefinition } from "./httpApp";
import { postgresSecretName } from "./postgresFamily";
import { qdrantSecretName } from "./qdrant";
import { redisSecretName } from "./redis";
import { ServiceDefinition } from "./types";

export function backendDefinition(config: JarvisConfig): ServiceDefinition {
    const db = postgresSecretName(catalog.postgres);
    return httpAppDefinition({
        entry: catalog.backend,
        service: config.services.backend,
        env: [
            { name: "ENVIRONMENT", value: config.environment },
            { name: "DATABASE_HOST", value: catalog.postgres.id },
            { name: "DATABASE_PORT", value: String(catalog.postgres.port) },
            { name: "DATABASE_NAME", secret: { name: db, key: "database" } },
            { name: "DATABASE_USER", secret: { name: db, key: "username" } },
            { name: "DATABASE_PASSWORD", secret: { name: db, key: "password" } },
            { name: "REDIS_HOST", value: catalog.redis.id },
            { name: "REDIS_PORT", value: String(catalog.redis.port) },
            { name: "REDIS_PASSWORD", secret: { name: redisSecretName, key: "password" } },
            { name: "QDRANT_URL", value: serviceUrl(catalog.qdrant) },
            { name: "QDRANT_API_KEY", secret: { name: qdrantSecretName, key: "api-key" } },
            { name: "OLLAMA_URL", value: serviceUrl(catalog.ollama) },
        ],
        defaultResources: { requests: { cpu: "250m", memory: "512Mi" }, limits: { cpu: "1", memory: "1Gi" } },
    });
}
