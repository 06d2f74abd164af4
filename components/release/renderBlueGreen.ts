/** Renders a released service (backend, frontend) of the configuration as a blue/green pair. */
import { JarvisConfig } from "../../config/load";
import { BlueGreenServiceId } from "../../config/sections/release";
import { definitions, PlatformServiceId } from "../definitions";
import { protectsData, RenderContext, Renderer } from "../services/tierService";
import { BlueGreenService, MigrationPlan } from "./blueGreenService";
import { colorPlans } from "./colors";

/** The database each released service's schema migration backs up and migrates: only the backend owns a schema. */
export const migratedDatabase = { backend: "postgres" } as const satisfies Partial<Record<BlueGreenServiceId, PlatformServiceId>>;

function backendMigration(config: JarvisConfig, context: RenderContext): MigrationPlan {
    const migration = config.release.backend.migration;
    return {
        command: migration.command,
        database: definitions[migratedDatabase.backend](config),
        backupStorage: { size: migration.backupStorage.size, storageClass: migration.backupStorage.storageClass ?? config.storageClass },
        keepBackups: migration.keepBackups,
        dependsOn: context.dependsOn,
    };
}

export function renderBlueGreen(id: BlueGreenServiceId): Renderer<BlueGreenService> {
    return (name, definition, args, context) => {
        const { config } = args;
        return new BlueGreenService(
            name,
            {
                definition,
                colors: colorPlans(config.services[id], config.release[id]),
                activeColor: config.activeColor,
                gateImage: config.release.healthGateImage,
                namespace: args.namespace,
                environment: config.environment,
                protectData: protectsData(config),
                podAnnotations: args.podAnnotations,
                migration: id === "backend" ? backendMigration(config, context) : undefined,
            },
            { parent: context.parent },
        );
    };
}
