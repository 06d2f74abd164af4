/**
 * Credentials never sit in a pod spec as literal env values, where anyone who can read the
 * Deployment (or the Pulumi state, or a rendered manifest) reads them: they come from Secrets
 * (`valueFrom.secretKeyRef`) or files. Connection URLs with an embedded password count too.
 */
import { podKinds } from "../conventions";
import { allContainers, envOf, podSpecOf } from "../lib/kubernetes";
import { resourcePolicy } from "../lib/policy";

/** Name parts that mean the value is a credential. */
const credentialWords = new Set(["PASSWORD", "PASSWD", "PASSPHRASE", "SECRET", "TOKEN", "CREDENTIAL", "CREDENTIALS", "APIKEY", "ACCESSKEY", "PRIVATEKEY"]);
/** `<word>_KEY` is a credential for these words (API_KEY, PRIVATE_KEY...). */
const keyQualifiers = new Set(["API", "ACCESS", "PRIVATE", "SECRET", "SIGNING", "ENCRYPTION", "MASTER"]);
/** A last part that makes the variable a pointer or a name, not a credential (`POSTGRES_PASSWORD_FILE`, `AWS_ACCESS_KEY_ID`). */
const pointerWords = new Set(["FILE", "PATH", "DIR", "ID", "NAME", "REF", "HOST", "PORT", "URL_FILE", "ENABLED", "REQUIRED"]);
/** A value expanded from another variable (`$(REDIS_PASSWORD)`) is a reference. */
const reference = /^\$\([A-Za-z_][A-Za-z0-9_]*\)$/;
const urlWithPassword = /^[a-z][a-z0-9+.-]*:\/\/[^/@:\s]+:[^/@\s]+@/i;

export function isCredentialName(name: string): boolean {
    const words = name.toUpperCase().split(/[_.-]+/).filter((w) => w !== "");
    const last = words[words.length - 1];
    if (last === undefined || pointerWords.has(last)) return false;
    return words.some((w, i) => credentialWords.has(w) || (w === "KEY" && i > 0 && keyQualifiers.has(words[i - 1]))) || last === "AUTH";
}

function literalCredential(name: string, value: string): string | undefined {
    if (value === "" || reference.test(value) || ["true", "false"].includes(value.toLowerCase())) return undefined;
    if (urlWithPassword.test(value)) return `${name} holds a URL with an embedded password`;
    if (isCredentialName(name)) return `${name} has a literal value`;
    return undefined;
}

export const securityNoLiteralCredentials = resourcePolicy({
    name: "security-no-literal-credentials",
    description: "No container gets a credential-looking environment variable (password, token, key, secret) as a literal value; credentials come from Secrets.",
    enforcementLevel: "mandatory",
    kinds: podKinds,
    remediationSteps: "Store the value in a Secret and reference it with env[].valueFrom.secretKeyRef.",
    // Messages name the variable, never its value.
    check: (view) =>
        allContainers(podSpecOf(view)).flatMap((container) =>
            envOf(container).flatMap((env) => {
                const problem = env.value === undefined ? undefined : literalCredential(env.name, env.value);
                return problem === undefined ? [] : [`container ${container.name}: ${problem}; use valueFrom.secretKeyRef`];
            }),
        ),
});
