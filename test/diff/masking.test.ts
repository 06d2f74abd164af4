/** A diff never prints a credential, whatever the manifests hold. */
import { afterAll, describe, expect, it } from "vitest";
import { runDiff } from "../../tools/diff/cli";
import { maskForDisplay } from "../../tools/diff/masking";
import { object, planFolder, removePlanFolders } from "./fixtures";

afterAll(removePlanFolders);

function diffOf(before: ReturnType<typeof object>[], after: ReturnType<typeof object>[], format = "text"): { code: number; out: string } {
    let out = "";
    const code = runDiff([planFolder(before), planFolder(after), "--format", format], (t) => (out += t), () => undefined);
    return { code, out };
}

const deployment = (env: Record<string, string>) =>
    object(
        "Deployment",
        "api",
        {
            spec: {
                selector: { matchLabels: { app: "api" } },
                template: {
                    spec: {
                        containers: [{ name: "api", image: "api:1.0.0", env: Object.entries(env).map(([name, value]) => ({ name, value })) }],
                    },
                },
            },
        },
        "apps/v1",
    );

describe("masking", () => {
    it("masks every value of a Secret's data and stringData but keeps the keys", () => {
        const before = object("Secret", "db", { type: "Opaque", stringData: { password: "hunter2-old" }, data: { key: "c2VjcmV0LW9sZA==" } });
        const after = object("Secret", "db", { type: "Opaque", stringData: { password: "hunter2-new" }, data: { key: "c2VjcmV0LW5ldw==" } });
        for (const format of ["text", "markdown"]) {
            const { code, out } = diffOf([before], [after], format);
            expect(code).toBe(1);
            for (const leaked of ["hunter2-old", "hunter2-new", "c2VjcmV0LW9sZA==", "c2VjcmV0LW5ldw=="]) expect(out).not.toContain(leaked);
            expect(out).toContain("stringData.password");
            expect(out).toContain('"[secret]" (value changed)');
        }
    });

    it("masks literal env values whose name looks like a credential, not the others", () => {
        const { out } = diffOf(
            [deployment({ API_TOKEN: "tok-old", DB_PASSWORD: "pw-old", LOG_LEVEL: "info" })],
            [deployment({ API_TOKEN: "tok-new", DB_PASSWORD: "pw-new", LOG_LEVEL: "debug" })],
        );
        for (const leaked of ["tok-old", "tok-new", "pw-old", "pw-new"]) expect(out).not.toContain(leaked);
        expect(out).toContain('spec.template.spec.containers[0].env[0].value: "[secret]" (value changed)');
        expect(out).toContain('spec.template.spec.containers[0].env[2].value: "info" -> "debug"');
    });

    it("masks a credential inside an added subtree and a password inside a URL", () => {
        const { out } = diffOf([deployment({})], [deployment({ SIGNING_KEY: "k-123", DATABASE_URL: "postgres://jarvis:s3cr3t@postgres:5432/jarvis" })]);
        expect(out).not.toContain("k-123");
        expect(out).not.toContain("s3cr3t");
        expect(out).toContain("postgres://jarvis:[secret]@postgres:5432/jarvis");
    });

    it("keeps values that are masked already masked, and leaves other kinds alone", () => {
        expect(maskForDisplay({ kind: "ConfigMap", data: { mode: "fast", token: "[secret]" } })).toEqual({
            kind: "ConfigMap",
            data: { mode: "fast", token: "[secret]" },
        });
    });
});
