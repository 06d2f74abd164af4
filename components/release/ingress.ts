/**
 * The public entry points: one Ingress per exposed service (the frontend and the backend API), TLS
 * only. Plain HTTP is redirected to HTTPS by the controller; every host is served with the
 * platform's certificate.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { CatalogEntry } from "../../catalog/types";
import { serviceLabels } from "../kubernetes/labels";

/** ingress-nginx: answer plain HTTP with a redirect to HTTPS, never with content. */
export const tlsOnlyAnnotations = {
    "nginx.ingress.kubernetes.io/ssl-redirect": "true",
    "nginx.ingress.kubernetes.io/force-ssl-redirect": "true",
} as const;

export interface IngressRoute {
    /** The exposed service. */
    readonly entry: CatalogEntry;
    /** Its public host name. */
    readonly host: string;
    /** The Service the route sends traffic to (the stable Service of a blue/green pair). */
    readonly serviceName: pulumi.Input<string>;
}

export interface PublicIngressArgs {
    /** IngressClass of the controller. */
    readonly className: string;
    readonly routes: readonly IngressRoute[];
    /** Secret with the certificate for every host. */
    readonly tlsSecretName: string;
    /** Namespace of the Ingresses. */
    readonly namespace: pulumi.Input<string>;
    /** Environment name, written as a label. */
    readonly environment: string;
}

export class PublicIngress extends pulumi.ComponentResource {
    readonly ingresses: k8s.networking.v1.Ingress[];

    constructor(name: string, args: PublicIngressArgs, opts?: pulumi.ComponentResourceOptions) {
        super("jarvis:release:PublicIngress", name, {}, opts);
        this.ingresses = args.routes.map(
            (route) =>
                new k8s.networking.v1.Ingress(
                    `${name}-${route.entry.id}`,
                    {
                        metadata: {
                            name: route.entry.id,
                            namespace: args.namespace,
                            labels: serviceLabels(route.entry, args.environment),
                            annotations: { ...tlsOnlyAnnotations },
                        },
                        spec: {
                            ingressClassName: args.className,
                            tls: [{ hosts: [route.host], secretName: args.tlsSecretName }],
                            rules: [
                                {
                                    host: route.host,
                                    http: {
                                        paths: [
                                            {
                                                path: "/",
                                                pathType: "Prefix",
                                                backend: { service: { name: route.serviceName, port: { number: route.entry.port } } },
                                            },
                                        ],
                                    },
                                },
                            ],
                        },
                    },
                    { parent: this },
                ),
        );
        this.registerOutputs({ hosts: args.routes.map((r) => r.host) });
    }
}
