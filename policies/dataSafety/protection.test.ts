import { describe, expect, it } from "vitest";
import { asStack, fixture, messages } from "../../test/support/policies";
import { dataProtectedFromDeletion } from "./protection";

describe("data-protected-from-deletion", () => {
    it("passes protected production data (a program run, where protect flags are real)", async () => {
        const resources = asStack(fixture("dataSafety/fixtures/stateful.yaml"), "production", true);
        expect(await messages(dataProtectedFromDeletion, resources, { source: "engine" })).toEqual([]);
    });

    it("flags unprotected production data; stateless and staging objects are not judged", async () => {
        const resources = asStack(fixture("dataSafety/fixtures/stateful.yaml"), "staging", false);
        expect(await messages(dataProtectedFromDeletion, resources, { source: "engine" })).toEqual([
            "Namespace jarvis-production: holds production data but is not protected from deletion (Pulumi protect option)",
            "StatefulSet jarvis-production/postgres: holds production data but is not protected from deletion (Pulumi protect option)",
            "PersistentVolumeClaim jarvis-production/uploads: holds production data but is not protected from deletion (Pulumi protect option)",
            "PersistentVolume archive: holds production data but is not protected from deletion (Pulumi protect option)",
        ]);
    });

    it("judges plain manifests by what they show: retained claims and volumes pass", async () => {
        expect(await messages(dataProtectedFromDeletion, fixture("dataSafety/fixtures/stateful.yaml"))).toEqual([]);
    });

    it("flags manifests that delete claims or volumes with their owner, saying no protect flag exists offline", async () => {
        expect(await messages(dataProtectedFromDeletion, fixture("dataSafety/fixtures/deletable.yaml"))).toEqual([
            "StatefulSet jarvis-production/redis: deletes its volume claims when deleted (persistentVolumeClaimRetentionPolicy.whenDeleted: Delete) (offline manifests carry no protect flag; judged from the spec)",
            "PersistentVolume archive: is deleted with its claim (persistentVolumeReclaimPolicy: Delete) (offline manifests carry no protect flag; judged from the spec)",
        ]);
    });
});
