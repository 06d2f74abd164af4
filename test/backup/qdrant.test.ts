/**
 * The Qdrant scripts against a stand-in for Qdrant's snapshot HTTP API (no Qdrant server is
 * available offline): the endpoints, the API key header, checksums in both directions, cleanup
 * of server-side snapshots and refusal of damaged backups.
 */
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as http from "node:http";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runScript, tempDir } from "../support/servers";

const apiKey = "test-api-key";
/** Collection data as the fake stores it: a snapshot is its JSON. */
const collections = new Map<string, string[]>();
const serverSnapshots = new Map<string, Buffer>();
const uploads: { collection: string; checksum: string | null }[] = [];
let server: http.Server;
let url: string;
let backupRoot: string;

const sha256 = (data: Buffer) => crypto.createHash("sha256").update(data).digest("hex");

function reply(res: http.ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
}

/** The file part of a multipart/form-data body (one part, as curl -F sends it). */
function multipartFile(body: Buffer, contentType: string): Buffer {
    const boundary = `--${/boundary=(.+)$/.exec(contentType)?.[1] ?? ""}`;
    const start = body.indexOf("\r\n\r\n") + 4;
    const end = body.indexOf(`\r\n${boundary}--`, start);
    return body.subarray(start, end);
}

function handle(req: http.IncomingMessage, body: Buffer, res: http.ServerResponse): void {
    if (req.headers["api-key"] !== apiKey) return reply(res, 401, { status: { error: "bad api key" } });
    const requestUrl = new URL(req.url ?? "/", "http://fake");
    const parts = requestUrl.pathname.split("/").filter(Boolean).map(decodeURIComponent);
    const [root, name, sub, snapshot, action] = parts;
    if (root !== "collections") return reply(res, 404, {});
    if (!name && req.method === "GET") return reply(res, 200, { result: { collections: [...collections.keys()].map((n) => ({ name: n })) } });
    const points = collections.get(name);
    if (!sub && req.method === "GET") {
        if (!points) return reply(res, 404, { status: { error: "not found" } });
        return reply(res, 200, { result: { status: "green", points_count: points.length } });
    }
    if (sub !== "snapshots") return reply(res, 404, {});
    if (snapshot === "upload" && req.method === "POST") {
        const file = multipartFile(body, req.headers["content-type"] ?? "");
        const checksum = requestUrl.searchParams.get("checksum");
        uploads.push({ collection: name, checksum });
        if (checksum && checksum !== sha256(file)) return reply(res, 400, { status: { error: "checksum mismatch" } });
        collections.set(name, JSON.parse(file.toString()) as string[]);
        return reply(res, 200, { result: true });
    }
    if (!snapshot && req.method === "POST") {
        if (!points) return reply(res, 404, {});
        const data = Buffer.from(JSON.stringify(points));
        const snapshotName = `${name}-${serverSnapshots.size}.snapshot`;
        serverSnapshots.set(snapshotName, data);
        return reply(res, 200, { result: { name: snapshotName, size: data.length, checksum: sha256(data) } });
    }
    const data = serverSnapshots.get(snapshot);
    if (!data || action) return reply(res, 404, {});
    if (req.method === "GET") {
        res.writeHead(200, { "content-type": "application/octet-stream" });
        return void res.end(data);
    }
    if (req.method === "DELETE") {
        serverSnapshots.delete(snapshot);
        return reply(res, 200, { result: true });
    }
    reply(res, 405, {});
}

function env(extra: Record<string, string> = {}): Record<string, string> {
    return { QDRANT_URL: url, QDRANT_API_KEY: apiKey, BACKUP_ROOT: backupRoot, BACKUP_ENVIRONMENT: "test", BACKUP_COMPONENT: "qdrant", ...extra };
}

const backups = () => fs.readdirSync(path.join(backupRoot, "snapshots")).filter((n) => !n.endsWith(".partial")).sort();

beforeAll(async () => {
    backupRoot = tempDir("jarvis-qdrant-backups-", "root");
    collections.set("memory_vectors", ["p1", "p2", "p3"]);
    collections.set("user documents", ["d1"]);
    server = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (chunk: Buffer) => chunks.push(chunk));
        req.on("end", () => handle(req, Buffer.concat(chunks), res));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
});

afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    if (backupRoot) fs.rmSync(backupRoot, { recursive: true, force: true });
});

describe("Qdrant snapshots", () => {
    it("snapshots every collection through the API, checks the checksum, removes the server-side copy", async () => {
        const result = await runScript("qdrant-snapshot.sh", env());
        expect(result.code, result.stderr).toBe(0);
        const [id] = backups();
        const manifest = JSON.parse(fs.readFileSync(path.join(backupRoot, "snapshots", id, "manifest.json"), "utf8")) as {
            component: string;
            details: { collections: Record<string, { file: string; points_count: number }> };
        };
        expect(manifest.component).toBe("qdrant");
        expect(manifest.details.collections).toMatchObject({
            memory_vectors: { file: "memory_vectors.snapshot", points_count: 3 },
            "user documents": { file: "user%20documents.snapshot", points_count: 1 },
        });
        expect(serverSnapshots.size).toBe(0);
    });

    it("restores the collections with their checksums, replacing what changed since", async () => {
        collections.set("memory_vectors", ["p1"]);
        collections.set("user documents", []);
        const result = await runScript("qdrant-restore.sh", env({ BACKUP_ID: "latest" }));
        expect(result.code, result.stderr).toBe(0);
        expect(collections.get("memory_vectors")).toEqual(["p1", "p2", "p3"]);
        expect(collections.get("user documents")).toEqual(["d1"]);
        expect(uploads.every((u) => u.checksum && /^[0-9a-f]{64}$/.test(u.checksum))).toBe(true);
    });

    it("refuses a corrupted snapshot backup without uploading anything", async () => {
        const [id] = backups();
        const damaged = `${id}-damaged`;
        fs.cpSync(path.join(backupRoot, "snapshots", id), path.join(backupRoot, "snapshots", damaged), { recursive: true });
        fs.appendFileSync(path.join(backupRoot, "snapshots", damaged, "memory_vectors.snapshot"), "garbage");
        const uploadsBefore = uploads.length;
        const result = await runScript("qdrant-restore.sh", env({ BACKUP_ID: damaged }));
        expect(result.code).not.toBe(0);
        expect(result.stderr).toContain("truncated or corrupted");
        expect(uploads.length).toBe(uploadsBefore);
    });

    it("fails and leaves no partial backup when the API key is wrong", async () => {
        const count = backups().length;
        const result = await runScript("qdrant-snapshot.sh", env({ QDRANT_API_KEY: "wrong" }));
        expect(result.code).not.toBe(0);
        expect(backups()).toHaveLength(count);
        expect(fs.readdirSync(path.join(backupRoot, "snapshots")).some((n) => n.endsWith(".partial"))).toBe(false);
    });
});
