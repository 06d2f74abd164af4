/**
 * The whole platform of one stack: its Kubernetes provider, its namespace and one component per
 * service, each waiting only for the services it really depends on (from the catalog), so that
 * independent services start in parallel; then the exposure: the certificate, the Ingresses and
 * the NetworkPolicies.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { catalog } from "../catalog/services";
import { JarvisConfig } from "../config/load";
import { Backups } from "./backup";
import { definitions, PlatformServiceId } from "./definitions";
import { jarvisNamespace } from "./kubernetes/namespace";
import { kubernetesProvider } from "./kubernetes/provider";
import { blueGreenServiceIds } from "../config/sections/release";
import { PublicIngress } from "./release/ingress";
import { NetworkPolicies } from "./release/networkPolicies";
import { migratedDatabase } from "./release/renderBlueGreen";
import { Tls, tlsChecksumAnnotation } from "./release/tls";
import { Monitoring } from "./monitoring/monitoring";
import { serviceComponents, TierService } from "./services";

export interface PlatformArgs {
    /** The validated stack configuration. */
    readonly config: JarvisConfig;
}

/** Catalog ids deployed here, in an order where every dependency comes first. */
export function deploymentOrder(): PlatformServiceId[] {
    const ids = Object.keys(definitions) as PlatformServiceId[];
    const ordered: PlatformServiceId[] = [];
    const visit = (id: PlatformServiceId) => {
        if (ordered.includes(id)) return;
        for (const dep of catalog[id].dependsOn) visit(dep as PlatformServiceId);
        ordered.push(id);
    };
    ids.forEach(visit);
    return ordered;
}

export class JarvisPlatform extends pulumi.ComponentResource {
    readonly provider: k8s.Provider;
    readonly namespace: k8s.core.v1.Namespace;
    /** Service components by catalog id. */
    readonly services: Readonly<Record<PlatformServiceId, TierService>>;
    /** The public certificate. */
    readonly tls: Tls;
    /** The Ingresses of the exposed services. */
    readonly ingress: PublicIngress;
    /** Default deny, then exactly the flows the platform needs (or nothing at all when isolated). */
    readonly networkPolicies: NetworkPolicies;
    /** Alert and SLO rules, scrape targets, dashboards and notification routing. */
    readonly monitoring: Monitoring;
    /** Backups, verification, maintenance and restore jobs of the stateful stores. */
    readonly backups: Backups;

    constructor(name: string, args: PlatformArgs, opts?: pulumi.ComponentResourceOptions) {
        super("jarvis:platform:Platform", name, {}, opts);
        const { config } = args;
        this.provider = kubernetesProvider(`${name}-kubernetes`, config, { parent: this });
        // Children inherit the provider: nothing reaches the ambient kubeconfig by accident.
        const childOpts = { parent: this, providers: { kubernetes: this.provider } };
        this.namespace = jarvisNamespace(
            name,
            { namespace: config.namespace, environment: config.environment, protect: config.environment === "production" },
            { parent: this, provider: this.provider },
        );

        const namespace = this.namespace.metadata.name;
        const environment = config.environment;

        // The ingress exposes the released services (a host name each); their pods roll with the certificate.
        const exposed = blueGreenServiceIds;
        this.tls = new Tls(
            `${name}-tls`,
            {
                tls: config.tls,
                hosts: exposed.map((id) => config.ingress.hosts[id]),
                certificate: config.tlsCertificate,
                privateKey: config.tlsPrivateKey,
                namespace,
                environment,
            },
            childOpts,
        );

        const services: Partial<Record<PlatformServiceId, TierService>> = {};
        for (const id of deploymentOrder()) {
            const dependsOn = catalog[id].dependsOn.flatMap((dep) => services[dep as PlatformServiceId] ?? []);
            const podAnnotations = (exposed as readonly string[]).includes(id) ? { [tlsChecksumAnnotation]: this.tls.checksum } : undefined;
            services[id] = new serviceComponents[id](id, { config, namespace, podAnnotations }, { ...childOpts, dependsOn });
        }
        this.services = services as Record<PlatformServiceId, TierService>;

        this.ingress = new PublicIngress(
            `${name}-ingress`,
            {
                className: config.ingress.className,
                routes: exposed.map((id) => ({ entry: catalog[id], host: config.ingress.hosts[id], serviceName: this.services[id].host })),
                tlsSecretName: this.tls.secretName,
                namespace,
                environment,
            },
            { ...childOpts, dependsOn: [this.tls] },
        );
        this.networkPolicies = new NetworkPolicies(
            `${name}-network`,
            {
                flows: {
                    exposed,
                    gated: blueGreenServiceIds,
                    migrations: Object.entries(migratedDatabase).map(([service, database]) => ({
                        service: service as PlatformServiceId,
                        database,
                    })),
                    replicated: deploymentOrder().filter((id) => this.services[id].definition.primaryReplica !== undefined),
                    ingressController: config.ingress.controller,
                    prometheus: config.network.prometheus,
                },
                dns: config.network.dns,
                isolate: config.isolate,
                namespace,
                environment,
            },
            childOpts,
        );
        this.monitoring = new Monitoring("monitoring", { config, namespace }, childOpts);
        this.registerOutputs({ namespace });
        const { postgres, redis, qdrant, timescale } = this.services;
        this.backups = new Backups(
            "backups",
            {
                config,
                namespace: this.namespace.metadata.name,
                stores: { postgres: postgres.definition, redis: redis.definition, qdrant: qdrant.definition, timescale: timescale.definition },
            },
            // The jobs read the stores' credentials and claims: they come after the stores.
            { ...childOpts, dependsOn: [postgres, redis, qdrant, timescale] },
        );
        this.registerOutputs({ namespace: this.namespace.metadata.name });
    }
}
