import { describe, expect, it } from "vitest";
import { fixture, messages } from "../../test/support/policies";
import { imageProblem, parseImage, securityImagePinned } from "./images";

describe("security-image-pinned", () => {
    it("passes version tags, digests and registries with ports; tolerates distribution tags outside production", async () => {
        expect(await messages(securityImagePinned, fixture("security/fixtures/images.pass.yaml"))).toEqual([]);
    });

    it("flags latest, untagged images and, in production, tags that name no version", async () => {
        expect(await messages(securityImagePinned, fixture("security/fixtures/images.fail.yaml"))).toEqual([
            "Deployment jarvis-staging/backend: container backend: image ghcr.io/jarvis-assistant/jarvis-backend:latest uses the moving tag latest",
            "Deployment jarvis-staging/backend: container sidecar: image registry.internal:5000/tools/sidecar has no tag (it means latest)",
            'Pod jarvis-production/debug: container debug: image busybox:stable: production needs a version tag or a digest, not "stable"',
        ]);
    });

    it("reads image references the way registries do", () => {
        expect(parseImage("registry.internal:5000/tools/sidecar")).toEqual({ repository: "registry.internal:5000/tools/sidecar", tag: undefined, digest: undefined });
        expect(parseImage("qdrant/qdrant:v1.12.4-unprivileged").tag).toBe("v1.12.4-unprivileged");
        expect(imageProblem("timescale/timescaledb:2.17.2-pg16", true)).toBeUndefined();
        expect(imageProblem("app@sha256:abc", true)).toBe("image app@sha256:abc has no tag (it means latest)");
    });
});
