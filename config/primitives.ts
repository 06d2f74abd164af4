/**
 * Value types shared by every section of the stack configuration (names, quantities, images,
 * replica counts, storage). They live apart from `schema.ts` so that section files can use them
 * without a circular import.
 */
import { z } from "zod";

export const dnsLabel = z
    .string()
    .regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, { error: "a DNS-1123 label: lower-case letters, digits and '-', at most 63 characters" });

/** A DNS-1123 subdomain: host names, Kubernetes object names with dots. */
export const dnsName = z
    .string()
    .max(253)
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, {
        error: "a DNS name: lower-case labels of letters, digits and '-', separated by dots",
    });

export const quantity = z
    .string()
    .regex(/^[0-9]+(\.[0-9]+)?(m|k|M|G|T|Ki|Mi|Gi|Ti)?$/, { error: "a Kubernetes quantity such as 500m, 256Mi or 20Gi" });

/** An image reference pinned to an explicit version tag or a digest; `latest` or no tag is refused. */
export const pinnedImage = z
    .string()
    .regex(/^[a-z0-9][a-z0-9._\/:-]*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[a-f0-9]{64})?$/, {
        error: "an image reference such as postgres:16.4",
    })
    .refine((image) => /@sha256:[a-f0-9]{64}$/.test(image) || /:[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(image.replace(/^[^/]*:\d+\//, "")), {
        error: "an image pinned to a version tag or a digest (no tag means latest)",
    })
    .refine((image) => !/:latest(@|$)/.test(image), { error: "an image pinned to a version, never 'latest'" });

export const replicas = z.int({ error: "a whole number of replicas" }).min(0).max(50);

export const storage = z.strictObject({
    /** Size of the persistent volume claim. */
    size: quantity,
    /** Storage class of the claim; the stack-wide `storageClass` when absent. */
    storageClass: dnsLabel.optional(),
});

/** Label keys and values as Kubernetes accepts them in selectors. */
export const labelMap = z.record(
    z.string().regex(/^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/, { error: "a label key" }),
    z.string().regex(/^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/, { error: "a label value" }),
);
