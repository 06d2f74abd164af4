/**
 * The scripts that drive other tools: stopping and restarting writers around a restore (kubectl)
 * and the off-site copy (aws s3). Neither a cluster nor a bucket exists offline, so small fakes
 * of both CLIs keep state in files and record every call; the scripts themselves are the real ones.
 * Also: every script is shellcheck-clean.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { basePath, run, runScript, scriptsDir, tempDir } from "../support/servers";

const fakeKubectl = `#!/usr/bin/env bash
# Fake kubectl: objects are files in $KUBE_STATE (<kind>.<name>.replicas, .annotation, .selector).
set -euo pipefail
state=$KUBE_STATE
printf '%s\\n' "$*" >>"$state/calls"
object() { local kind=\${1%%/*} name=\${1#*/}; kind=\${kind%.apps}; printf '%s/%s.%s' "$state" "$kind" "$name"; }
case $1 in
get)
    if [[ $2 == deployments ]]; then
        for file in "$state"/deployment.*.selector; do
            [[ $(cat "$file") == "$4" ]] || continue
            name=\${file#"$state/deployment."}; echo "deployment.apps/\${name%.selector}"
        done
    elif [[ $2 == pods && $3 == -l ]]; then
        for file in "$state"/deployment.*.selector; do
            [[ $(cat "$file") == "$4" ]] || continue
            [[ $(cat "\${file%.selector}.replicas") == 0 ]] || echo "pod/\${file##*/}-1"
        done
    elif [[ $2 == pods ]]; then
        name=\${4#metadata.name=}; [[ $(cat "$state/statefulset.\${name%-0}.replicas") == 0 ]] || echo "pod/$name"
    elif [[ $4 == *replicas-before-restore* ]]; then
        cat "$(object "$2").annotation" 2>/dev/null || true
    else
        cat "$(object "$2").replicas"
    fi ;;
annotate)
    if [[ $3 == *- ]]; then rm -f "$(object "$2").annotation"; else printf '%s' "\${3#*=}" >"$(object "$2").annotation"; fi ;;
scale) printf '%s' "\${3#--replicas=}" >"$(object "$2").replicas" ;;
wait | rollout) ;;
*) echo "fake kubectl: unsupported $*" >&2; exit 2 ;;
esac
`;

const fakeAws = `#!/usr/bin/env bash
printf '%s\\n' "$@" >"$AWS_CALLS"
`;

let dir: string;
let bin: string;

function env(extra: Record<string, string>): Record<string, string> {
    return { PATH: `${bin}:${basePath}`, KUBE_STATE: dir, ...extra };
}

const state = (file: string) => (fs.existsSync(path.join(dir, file)) ? fs.readFileSync(path.join(dir, file), "utf8") : undefined);

beforeEach(() => {
    dir = tempDir("jarvis-tools-", "root");
    bin = path.join(dir, "bin");
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, "kubectl"), fakeKubectl, { mode: 0o755 });
    fs.writeFileSync(path.join(bin, "aws"), fakeAws, { mode: 0o755 });
    const selector = "app.kubernetes.io/name in (backend)";
    fs.writeFileSync(path.join(dir, "deployment.backend.selector"), selector);
    fs.writeFileSync(path.join(dir, "deployment.backend.replicas"), "3");
    fs.writeFileSync(path.join(dir, "statefulset.postgres.replicas"), "1");
});

afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
});

describe("stopping and starting writers around a restore", () => {
    const selector = { WRITER_SELECTOR: "app.kubernetes.io/name in (backend)" };

    it("scales the writers (and for point-in-time recovery the store) to zero, remembering their replicas", async () => {
        const result = await runScript("stop-writers.sh", env({ ...selector, STOP_STATEFULSET: "postgres" }));
        expect(result.code, result.stderr).toBe(0);
        expect(state("deployment.backend.replicas")).toBe("0");
        expect(state("deployment.backend.annotation")).toBe("3");
        expect(state("statefulset.postgres.replicas")).toBe("0");
        expect(state("statefulset.postgres.annotation")).toBe("1");
    });

    it("never overwrites the remembered replicas when run twice (a retried job)", async () => {
        await runScript("stop-writers.sh", env(selector));
        const again = await runScript("stop-writers.sh", env(selector));
        expect(again.code, again.stderr).toBe(0);
        expect(state("deployment.backend.annotation")).toBe("3");
    });

    it("gives everything back its replicas after the restore, the store first", async () => {
        await runScript("stop-writers.sh", env({ ...selector, STOP_STATEFULSET: "postgres" }));
        const result = await runScript("start-writers.sh", env({ ...selector, STOP_STATEFULSET: "postgres" }));
        expect(result.code, result.stderr).toBe(0);
        expect(state("deployment.backend.replicas")).toBe("3");
        expect(state("statefulset.postgres.replicas")).toBe("1");
        expect(state("deployment.backend.annotation")).toBeUndefined();
        const calls = (state("calls") ?? "").split("\n");
        const storeUp = calls.findIndex((c) => c.startsWith("scale statefulset/postgres --replicas=1"));
        const writersUp = calls.findIndex((c) => c.startsWith("scale deployment.apps/backend --replicas=3"));
        expect(storeUp).toBeGreaterThan(-1);
        expect(writersUp).toBeGreaterThan(storeUp);
    });
});

describe("off-site copy", () => {
    it("syncs the store's backup volume to <bucket>/<prefix>/<environment>/<store>/, never partial backups", async () => {
        const calls = path.join(dir, "aws-calls");
        const result = await runScript(
            "offsite-sync.sh",
            env({
                AWS_CALLS: calls,
                BACKUP_ROOT: path.join(dir, "backups"),
                BACKUP_ENVIRONMENT: "production",
                BACKUP_COMPONENT: "postgres",
                OFFSITE_ENDPOINT: "https://s3.example.test",
                OFFSITE_BUCKET: "jarvis-backups",
                OFFSITE_PREFIX: "jarvis",
            }),
        );
        expect(result.code, result.stderr).toBe(0);
        const args = fs.readFileSync(calls, "utf8").trim().split("\n");
        expect(args.slice(0, 4)).toEqual(["s3", "sync", `${path.join(dir, "backups")}/`, "s3://jarvis-backups/jarvis/production/postgres/"]);
        expect(args).toEqual(expect.arrayContaining(["--endpoint-url", "https://s3.example.test", "--exclude", "*.partial", "*.partial/*"]));
        expect(args).not.toContain("--delete");
    });

    it("refuses to run without a destination", async () => {
        const result = await runScript("offsite-sync.sh", env({ BACKUP_ROOT: dir, BACKUP_ENVIRONMENT: "staging", BACKUP_COMPONENT: "redis" }));
        expect(result.code).not.toBe(0);
        expect(result.stderr).toContain("OFFSITE_ENDPOINT is required");
    });
});

describe("scripts", () => {
    it("are shellcheck-clean", async () => {
        const scripts = fs.readdirSync(scriptsDir).filter((name) => name.endsWith(".sh")).map((name) => path.join(scriptsDir, name));
        expect(scripts.length).toBeGreaterThanOrEqual(18);
        const result = await run("shellcheck", scripts);
        expect(result.stdout + result.stderr).toBe("");
        expect(result.code).toBe(0);
    });

    it("all start with set -euo pipefail (the sourced libraries excepted)", () => {
        for (const name of fs.readdirSync(scriptsDir).filter((n) => n.endsWith(".sh") && !n.endsWith("lib.sh"))) {
            expect(fs.readFileSync(path.join(scriptsDir, name), "utf8"), name).toMatch(/^#!\/usr\/bin\/env bash\n(#.*\n)*set -euo pipefail\n/);
        }
    });
});
