/**
 * Images are pinned: `latest` or no tag at all means the code that runs changes under the same
 * spec (a node restart pulls something new, a rollback restores nothing). In production the
 * reference is a version tag (`1.9.0`, `v1.12.4-unprivileged`, `16.4-bookworm`) or a digest.
 */
import { podKinds } from "../conventions";
import { EnvironmentConfig, environmentDefaults, environmentSchema, isProduction } from "../lib/config";
import { allContainers, podSpecOf } from "../lib/kubernetes";
import { resourcePolicy } from "../lib/policy";
import { asString } from "../lib/values";

export interface ImageReference {
    readonly repository: string;
    readonly tag?: string;
    readonly digest?: string;
}

/** Splits `registry:5000/team/app:1.2@sha256:...`; a colon before the last slash is a registry port. */
export function parseImage(image: string): ImageReference {
    const [name, digest] = image.split("@", 2);
    const slash = name.lastIndexOf("/");
    const colon = name.lastIndexOf(":");
    const tag = colon > slash ? name.slice(colon + 1) : undefined;
    return { repository: tag === undefined ? name : name.slice(0, colon), tag, digest };
}

const versionTag = /^v?\d+(\.\d+)*([-+_.][\w.+-]+)?$/;
const digestPattern = /^sha256:[0-9a-f]{64}$/;

export function imageProblem(image: string, production: boolean): string | undefined {
    const { tag, digest } = parseImage(image);
    if (digest !== undefined && digestPattern.test(digest)) return undefined;
    if (tag === undefined) return `image ${image} has no tag (it means latest)`;
    if (tag === "latest") return `image ${image} uses the moving tag latest`;
    if (production && !versionTag.test(tag)) return `image ${image}: production needs a version tag or a digest, not "${tag}"`;
    return undefined;
}

export const securityImagePinned = resourcePolicy<EnvironmentConfig>({
    name: "security-image-pinned",
    description: "No container runs a `latest` or untagged image; in production every image is pinned to a version tag or a digest.",
    enforcementLevel: "mandatory",
    kinds: podKinds,
    config: { schema: environmentSchema, defaults: environmentDefaults },
    remediationSteps: "Reference images by a version tag (registry/app:1.9.0) or a digest (registry/app@sha256:...).",
    check: (view, context, config) => {
        const production = isProduction(view, context, config);
        return allContainers(podSpecOf(view)).flatMap((container) => {
            const image = asString(container.spec.image);
            const problem = image === undefined ? undefined : imageProblem(image, production);
            return problem === undefined ? [] : [`container ${container.name}: ${problem}`];
        });
    },
});
