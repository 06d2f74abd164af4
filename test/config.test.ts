/** Invalid stack config stops the program before any resource is registered, naming every bad key. */
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { ConfigError, JarvisConfig } from "../config/load";
import { ProgramFailed, runUnderMocks } from "../tools/mockRuntime";
import { servicesOf, stackConfig } from "./support/program";

interface Attempt {
    error?: ConfigError;
    registeredTypes: string[];
}

/** Runs the real program with a changed staging config and reports what happened. */
async function attempt(changes: Record<string, unknown>, options: { stack?: string; remove?: string[] } = {}): Promise<Attempt> {
    const stack = options.stack ?? "staging";
    const { jarvis } = await import("../program");
    try {
        const run = await runUnderMocks({ ...stackConfig(stack, changes, options.remove), program: jarvis });
        return { registeredTypes: run.registrations.map((r) => r.type) };
    } catch (failure) {
        if (!(failure instanceof ProgramFailed) || !(failure.cause instanceof ConfigError)) throw failure;
        return { error: failure.cause, registeredTypes: failure.registrations.map((r) => r.type) };
    }
}

function withService(stack: string, id: string, field: string, value: unknown): Record<string, unknown> {
    const services = servicesOf(stack);
    return { services: { ...services, [id]: { ...services[id], [field]: value } } };
}

describe("stack configuration", () => {
    it("accepts both stack files", async () => {
        for (const stack of ["staging", "production"]) {
            const result = await attempt({}, { stack });
            expect(result.error).toBeUndefined();
            expect(result.registeredTypes).toContain("kubernetes:apps/v1:StatefulSet");
        }
    });

    const malformed: [string, Record<string, unknown>, string[], RegExp][] = [
        ["a namespace that is not a DNS label", { namespace: "Jarvis_Staging" }, [], /jarvis:namespace: a DNS-1123 label/],
        ["an image tagged latest", withService("staging", "redis", "image", "redis:latest"), [], /jarvis:services\.redis\.image: .*never 'latest'/],
        ["an untagged image", withService("staging", "backend", "image", "ghcr.io/jarvis-assistant/jarvis-backend"), [], /jarvis:services\.backend\.image: an image pinned to a version tag or a digest/],
        ["replicas that are not a number", withService("staging", "frontend", "replicas", "two"), [], /jarvis:services\.frontend\.replicas: a whole number of replicas/],
        ["a database primary beyond its replicas", withService("staging", "postgres", "primary", 1), [], /jarvis:services\.postgres\.primary: the primary must be one of the replicas/],
        ["a storage size that is not a quantity", withService("staging", "postgres", "storage", { size: "20GB" }), [], /jarvis:services\.postgres\.storage\.size: a Kubernetes quantity/],
        ["a color that does not exist", { activeColor: "red" }, [], /jarvis:activeColor: .*"blue"\|"green"/],
        ["isolate that is not a boolean", { isolate: "maybe" }, [], /jarvis:isolate: /],
        ["a misspelt key", { namspace: "jarvis-staging" }, [], /jarvis:\(root\): .*namspace/],
        ["a missing required key", {}, ["storageClass"], /jarvis:storageClass: /],
        ["a service left out", { services: { ...servicesOf("staging"), tts: undefined } }, [], /jarvis:services\.tts: /],
    ];

    it.each(malformed)("rejects %s, naming the key, and registers nothing", async (_, changes, remove, message) => {
        const result = await attempt(changes, { remove });
        expect(result.error).toBeInstanceOf(ConfigError);
        expect(result.error?.message).toMatch(message);
        expect(result.registeredTypes).toEqual([]);
    });

    it("lists every problem at once", async () => {
        const result = await attempt({ namespace: "UPPER", activeColor: "red", ...withService("staging", "qdrant", "image", "qdrant/qdrant:latest") });
        expect(result.error?.problems).toHaveLength(3);
        expect(result.error?.problems.map((p) => p.split(":")[1])).toEqual(
            expect.arrayContaining(["namespace", "activeColor", "services.qdrant.image"]),
        );
    });

    it("refuses a production stack with a single replica of a stateless tier-1 or tier-2 service", async () => {
        const result = await attempt(withService("production", "backend", "replicas", 1), { stack: "production" });
        expect(result.error?.message).toMatch(/jarvis:services\.backend\.replicas: production needs at least 2 replicas of a stateless tier-1 service \(got 1\)/);
    });

    it("allows a single replica of a tier-3 service in production", async () => {
        const result = await attempt(withService("production", "stt", "replicas", 1), { stack: "production" });
        expect(result.error).toBeUndefined();
    });

    it("reads a credential as a Pulumi secret", async () => {
        const { loadConfig } = await import("../config/load");
        let loaded: JarvisConfig | undefined;
        const base = stackConfig("staging", { kubeconfig: "apiVersion: v1\nkind: Config\n" });
        await runUnderMocks({
            stack: "staging",
            config: base.config,
            secretKeys: ["jarvis:kubeconfig"],
            program: () => {
                loaded = loadConfig();
                return {};
            },
        });
        const kubeconfig = loaded?.kubeconfig;
        expect(kubeconfig).toBeDefined();
        expect(pulumi.Output.isInstance(kubeconfig)).toBe(true);
        expect(await pulumi.isSecret(kubeconfig as pulumi.Output<string>)).toBe(true);
    });
});
