/** Pulumi.yaml declares every key the config schema accepts, and marks every credential secret. */
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { configSchema, credentialKeys } from "../config/schema";

const project = parse(fs.readFileSync(path.join(__dirname, "..", "Pulumi.yaml"), "utf8")) as {
    name: string;
    runtime: { name: string; options: { typescript: boolean } };
    config: Record<string, { type?: string; secret?: boolean; description?: string }>;
};

describe("Pulumi.yaml", () => {
    it("is the TypeScript project jarvis", () => {
        expect(project.name).toBe("jarvis");
        expect(project.runtime).toMatchObject({ name: "nodejs", options: { typescript: true } });
    });

    it("declares every key of the config schema, each with a description, and no other", () => {
        const schemaKeys = Object.keys(configSchema.shape).sort();
        expect(Object.keys(project.config).sort()).toEqual(schemaKeys);
        for (const [key, declaration] of Object.entries(project.config)) expect(declaration.description, key).toBeTruthy();
    });

    it("marks every credential secret", () => {
        for (const key of credentialKeys) expect(project.config[key], key).toMatchObject({ type: "string", secret: true });
    });
});
