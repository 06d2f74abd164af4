import { describe, expect, it } from "vitest";
import { fixture, messages } from "../../test/support/policies";
import { isCredentialName, securityNoLiteralCredentials } from "./credentials";

describe("security-no-literal-credentials", () => {
    it("passes secret references, file pointers, variable references and non-secret names", async () => {
        expect(await messages(securityNoLiteralCredentials, fixture("security/fixtures/credentials.pass.yaml"))).toEqual([]);
    });

    it("flags literal credentials without ever printing them", async () => {
        const found = await messages(securityNoLiteralCredentials, fixture("security/fixtures/credentials.fail.yaml"));
        expect(found).toEqual([
            "Job jarvis-staging/migrate: container migrate: DATABASE_PASSWORD has a literal value; use valueFrom.secretKeyRef",
            "Job jarvis-staging/migrate: container migrate: QDRANT__SERVICE__API_KEY has a literal value; use valueFrom.secretKeyRef",
            "Job jarvis-staging/migrate: container migrate: DATABASE_URL holds a URL with an embedded password; use valueFrom.secretKeyRef",
        ]);
        expect(found.join("\n")).not.toContain("jarvis123");
    });

    it("recognises credential names by their words", () => {
        expect(["REDIS_PASSWORD", "GITHUB_TOKEN", "JWT_SECRET", "OPENAI_API_KEY", "REDISCLI_AUTH"].every(isCredentialName)).toBe(true);
        expect(["PWD", "TOKENIZER_PATH", "AWS_ACCESS_KEY_ID", "SECRET_NAME", "KEYBOARD_LAYOUT", "AUTHOR"].some(isCredentialName)).toBe(false);
    });
});
