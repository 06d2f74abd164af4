import { describe, expect, it } from "vitest";
import { fixture, messages } from "../../test/support/policies";
import { securityPodHardening } from "./podSecurity";

describe("security-pod-hardening", () => {
    it("passes restricted settings, inherited from the pod where Kubernetes allows", async () => {
        expect(await messages(securityPodHardening, fixture("security/fixtures/podSecurity.pass.yaml"))).toEqual([]);
    });

    it("flags root, privilege escalation, privileged mode, added capabilities and missing seccomp", async () => {
        expect(await messages(securityPodHardening, fixture("security/fixtures/podSecurity.fail.yaml"))).toEqual([
            "CronJob jarvis-staging/postgres-backup: container chown runs as root (runAsUser 0), does not set allowPrivilegeEscalation: false, is privileged, adds capabilities SYS_ADMIN, has no RuntimeDefault seccomp profile",
            "CronJob jarvis-staging/postgres-backup: container dump runs as root (runAsUser 0), does not set allowPrivilegeEscalation: false, does not drop ALL capabilities, has no RuntimeDefault seccomp profile",
        ]);
    });
});
