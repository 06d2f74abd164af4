/**
 * The blue/green building block (the runbook's production release): two Deployments of one service,
 * `<id>-blue` and `<id>-green`, told apart by the `jarvis.io/color` label; a preview Service per
 * color to test it directly; and the stable Service clients use (named after the catalog id), whose
 * selector includes `activeColor`. The stable Service waits for a health gate on the active color.
 *
 * Nothing in the Deployments depends on `activeColor`: switching colors changes the stable
 * Service's selector and the gate, and no pod restarts. Each color's image and size come from
 * the configuration (see `colors.ts`).
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ServiceDefinition } from "../definitions/types";
import { labelKeys, selectorLabels, serviceLabels } from "../kubernetes/labels";
import { podTemplate } from "../kubernetes/podTemplate";
import { deploymentSpec, disruptionBudgetSpec, servicePorts } from "../kubernetes/workload";
import { Color, colorName, ColorPlans, colors, colorSelector } from "./colors";
import { HealthGate, healthGateJobName } from "./healthGate";
import { MigrationJob, migrationJobName, preMigrationBackupClaim } from "./migrationJob";

/** A migration to run, once per image, before the Deployment of a color with that image. */
export interface MigrationPlan {
    /** Command run in the new image. */
    readonly command: readonly string[];
    /** The database backed up before migrating. */
    readonly database: ServiceDefinition;
    /** Volume for the pre-migration dumps. */
    readonly backupStorage: { readonly size: string; readonly storageClass: string };
    /** How many dumps to keep. */
    readonly keepBackups: number;
    /** What must run before a migration (the service's dependencies: the database above all). */
    readonly dependsOn?: pulumi.Input<pulumi.Input<pulumi.Resource>[]> | pulumi.Input<pulumi.Resource>;
}

export interface BlueGreenServiceArgs {
    /** What to run; each color overrides its image and replicas. */
    readonly definition: ServiceDefinition;
    /** Image and replicas of each color. */
    readonly colors: ColorPlans;
    /** The color the stable Service sends traffic to. */
    readonly activeColor: Color;
    /** Image of the health gate's HTTP client. */
    readonly gateImage: string;
    /** Namespace of every object. */
    readonly namespace: pulumi.Input<string>;
    /** Environment name, written as a label. */
    readonly environment: string;
    /** Keep stateful objects (the migration backups) when no longer declared (production). */
    readonly protectData: boolean;
    /** Pod annotations whose change must roll both colors (checksums of what they use). */
    readonly podAnnotations?: Readonly<Record<string, pulumi.Input<string>>>;
    /** Schema migration before a color's new image starts (the backend). */
    readonly migration?: MigrationPlan;
}

export class BlueGreenService extends pulumi.ComponentResource {
    /** The stable Service clients connect to (named after the catalog id). */
    readonly service: k8s.core.v1.Service;
    /** Each color's Deployment. */
    readonly deployments: Readonly<Record<Color, k8s.apps.v1.Deployment>>;
    /** Each color's preview Service (`<id>-<color>`). */
    readonly previews: Readonly<Record<Color, k8s.core.v1.Service>>;
    /** The gate the stable Service waits for. */
    readonly gate: HealthGate;
    /** Migration Jobs by image. */
    readonly migrations: ReadonlyMap<string, MigrationJob>;

    constructor(name: string, args: BlueGreenServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("jarvis:release:BlueGreenService", name, {}, opts);
        const { definition, namespace, environment } = args;
        const entry = definition.entry;
        const labels = serviceLabels(entry, environment);
        const ports = servicePorts(definition);
        const metadata = (objectName: string, extra: Record<string, string> = {}) => ({
            name: objectName,
            namespace,
            labels: { ...labels, ...extra },
        });

        this.migrations = this.migrationJobs(name, args);

        const deployments: Partial<Record<Color, k8s.apps.v1.Deployment>> = {};
        const previews: Partial<Record<Color, k8s.core.v1.Service>> = {};
        for (const color of colors) {
            const plan = args.colors[color];
            const colored = { ...definition, image: plan.image, replicas: plan.replicas };
            const selector = colorSelector(entry, color);
            const colorLabel = { [labelKeys.color]: color };
            const template = podTemplate(colored, {
                labels: { ...serviceLabels(entry, environment, { image: plan.image }), ...colorLabel },
                selector,
                annotations: args.podAnnotations,
            });
            const migration = this.migrations.get(plan.image);
            deployments[color] = new k8s.apps.v1.Deployment(
                colorName(entry, color),
                { metadata: metadata(colorName(entry, color), colorLabel), spec: deploymentSpec(plan.replicas, selector, template) },
                { parent: this, dependsOn: migration ? [migration] : [] },
            );
            previews[color] = new k8s.core.v1.Service(
                colorName(entry, color),
                { metadata: metadata(colorName(entry, color), colorLabel), spec: { type: "ClusterIP", selector, ports } },
                { parent: this },
            );
            if (plan.replicas > 1) {
                new k8s.policy.v1.PodDisruptionBudget(
                    colorName(entry, color),
                    { metadata: metadata(colorName(entry, color), colorLabel), spec: disruptionBudgetSpec(selector) },
                    { parent: this },
                );
            }
        }
        this.deployments = deployments as Record<Color, k8s.apps.v1.Deployment>;
        this.previews = previews as Record<Color, k8s.core.v1.Service>;

        const active = args.activeColor;
        const activeImage = args.colors[active].image;
        const gateArgs = { entry, color: active, image: activeImage, gateImage: args.gateImage, namespace, environment };
        this.gate = new HealthGate(
            // Named after its Job: a new switch is a new resource, created (and run) before the selector moves.
            healthGateJobName(gateArgs),
            gateArgs,
            // The gate checks the color once its rollout is complete and its preview Service exists.
            { parent: this, dependsOn: [this.deployments[active], this.previews[active]] },
        );
        this.service = new k8s.core.v1.Service(
            name,
            {
                metadata: metadata(entry.id),
                spec: { type: "ClusterIP", selector: { ...selectorLabels(entry), [labelKeys.color]: active }, ports },
            },
            // The selector moves only after the gate passed: a failed gate fails the update here.
            { parent: this, dependsOn: [this.gate] },
        );
        this.registerOutputs({
            service: this.service.metadata.name,
            activeColor: active,
            deployments: colors.map((c) => this.deployments[c].metadata.name),
        });
    }

    /** One migration Job per distinct image of the two colors, and the volume their backups go to. */
    private migrationJobs(name: string, args: BlueGreenServiceArgs): Map<string, MigrationJob> {
        const jobs = new Map<string, MigrationJob>();
        const migration = args.migration;
        if (!migration) return jobs;
        const entry = args.definition.entry;
        const claim = preMigrationBackupClaim(
            `${name}-migration-backups`,
            {
                name: `${entry.id}-migration-backups`,
                size: migration.backupStorage.size,
                storageClass: migration.backupStorage.storageClass,
                namespace: args.namespace,
                labels: serviceLabels(entry, args.environment, { component: `${entry.id}-migration` }),
                protect: args.protectData,
            },
            { parent: this },
        );
        for (const image of new Set(colors.map((c) => args.colors[c].image))) {
            const jobArgs = {
                definition: { ...args.definition, image },
                command: migration.command,
                database: migration.database,
                backupClaimName: claim.metadata.name,
                keepBackups: migration.keepBackups,
                namespace: args.namespace,
                environment: args.environment,
            };
            // Named after its Job: a new image is a new resource, an image already migrated is left alone.
            jobs.set(image, new MigrationJob(migrationJobName(jobArgs), jobArgs, { parent: this, dependsOn: migration.dependsOn }));
        }
        return jobs;
    }
}
