/**
 * The pack as `pulumi preview --policy-pack policies` runs it: the Pulumi CLI starts
 * `@pulumi/pulumi/cmd/run-policy-pack` in the pack's folder (TypeScript through ts-node) and talks
 * to the analyzer it serves over gRPC. This test does the same, without the CLI.
 */
import { ChildProcess, spawn } from "node:child_process";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import {
    AnalyzeRequest,
    AnalyzeResponse,
    AnalyzerInfo,
    AnalyzerResource,
    AnalyzerResourceOptions,
    AnalyzeStackRequest,
    EnforcementLevel,
} from "@pulumi/pulumi/proto/analyzer_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixture, policiesRoot, unknownString } from "../test/support/policies";
import { AuditedResource, wireProps } from "../tools/policyEngine";
import { jarvisPolicies } from "./policies";

const startupTimeoutMs = 240_000;
let server: ChildProcess | undefined;
let client: AnalyzerClient;

/** Starts the pack the way the Pulumi CLI's Node.js language host does; resolves with its port. */
function startPack(): Promise<number> {
    const runner = path.join(path.dirname(require.resolve("@pulumi/pulumi/package.json")), "cmd", "run-policy-pack");
    const child = spawn(process.execPath, [runner, "127.0.0.1:0", "."], { cwd: policiesRoot, stdio: ["ignore", "pipe", "pipe"] });
    server = child;
    return new Promise((resolve, reject) => {
        let stderr = "";
        child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
        child.stdout?.once("data", (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
        child.once("exit", (code) => reject(new Error(`policy pack exited with ${code}: ${stderr}`)));
    });
}

function options(protect = false): AnalyzerResourceOptions {
    return new AnalyzerResourceOptions().setProtect(protect);
}

function analyze(resource: AuditedResource): Promise<AnalyzeResponse> {
    const request = new AnalyzeRequest()
        .setType(resource.type)
        .setUrn(resource.urn)
        .setName(resource.name)
        .setProperties(wireProps(resource.props))
        .setOptions(options(resource.protect));
    return new Promise((resolve, reject) => client.analyze(request, (error, response) => (error ? reject(error) : resolve(response))));
}

function analyzeStack(resources: readonly AuditedResource[]): Promise<AnalyzeResponse> {
    const request = new AnalyzeStackRequest().setResourcesList(
        resources.map((r) => new AnalyzerResource().setType(r.type).setUrn(r.urn).setName(r.name).setProperties(wireProps(r.props)).setOptions(options(r.protect))),
    );
    return new Promise((resolve, reject) => client.analyzeStack(request, (error, response) => (error ? reject(error) : resolve(response))));
}

function diagnostics(response: AnalyzeResponse) {
    return response.getDiagnosticsList().map((d) => ({ policy: d.getPolicyname(), level: d.getEnforcementlevel(), urn: d.getUrn(), message: d.getMessage() }));
}

describe("the policy pack under the Pulumi CLI's policy runtime", () => {
    beforeAll(async () => {
        const port = await startPack();
        client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    }, startupTimeoutMs);

    afterAll(() => {
        client?.close();
        server?.kill();
    });

    it("loads and describes every policy with its enforcement level", async () => {
        const info = await new Promise<AnalyzerInfo>((resolve, reject) =>
            client.getAnalyzerInfo(new Empty(), (error, response) => (error ? reject(error) : resolve(response))),
        );
        expect(info.getName()).toBe("jarvis");
        const served = info.getPoliciesList().map((p) => [p.getName(), p.getEnforcementlevel()]);
        const expected = jarvisPolicies.map((p) => [p.name, p.enforcementLevel === "mandatory" ? EnforcementLevel.MANDATORY : EnforcementLevel.ADVISORY]);
        expect(served).toEqual(expected);
    });

    it("judges one resource as the engine sends it", async () => {
        const [deployment] = fixture("security/fixtures/images.fail.yaml");
        const found = diagnostics(await analyze(deployment)).filter((d) => d.policy === "security-image-pinned");
        expect(found).toHaveLength(2);
        expect(found[0].level).toBe(EnforcementLevel.MANDATORY);
        expect(found[0].message).toContain("uses the moving tag latest");
    });

    it("judges a resource with values unknown during preview without failing", async () => {
        const [deployment] = fixture("security/fixtures/images.fail.yaml");
        const unknown = { ...deployment, props: { ...deployment.props, spec: unknownString } };
        expect(diagnostics(await analyze(unknown))).toEqual([]);
    });

    it("judges the stack: the runbook's daily pg_dump misses the RPO", async () => {
        const resources = fixture("backup/fixtures/runbook-daily-pg-dump.yaml");
        const found = diagnostics(await analyzeStack(resources)).filter((d) => d.policy === "backup-meets-rpo");
        expect(found).toEqual([
            expect.objectContaining({ level: EnforcementLevel.MANDATORY, urn: resources[0].urn, message: expect.stringContaining("'0 2 * * *' leaves up to 24h") }),
        ]);
    });
});
