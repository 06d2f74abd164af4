/**
 * Containers run with the restricted Pod Security profile: non-root, no privilege escalation, every
 * capability dropped, RuntimeDefault (or a Localhost) seccomp profile. The Jarvis namespaces
 * enforce `restricted`, so a pod that misses one of these is rejected at admission: an outage.
 */
import { podKinds } from "../conventions";
import { allContainers, podSpecOf } from "../lib/kubernetes";
import { resourcePolicy } from "../lib/policy";
import { asNumber, asStrings, asStruct, at, containsUnknown, isUnknown, Struct, Value } from "../lib/values";

/** The container's setting, else the pod's (Kubernetes' own precedence); `unknown` stays unknown. */
function effective(container: Struct, pod: Struct | undefined, ...path: string[]): Value | undefined {
    const own = at(container, "securityContext", ...path);
    return own !== undefined ? own : at(pod, "securityContext", ...path);
}

function hardeningProblems(container: Struct, pod: Struct | undefined): string[] {
    const problems: string[] = [];
    const runAsNonRoot = effective(container, pod, "runAsNonRoot");
    const runAsUser = effective(container, pod, "runAsUser");
    if (!isUnknown(runAsNonRoot) && !isUnknown(runAsUser)) {
        if (asNumber(runAsUser) === 0) problems.push("runs as root (runAsUser 0)");
        else if (runAsNonRoot !== true) problems.push("does not set runAsNonRoot: true");
    }
    const escalation = at(container, "securityContext", "allowPrivilegeEscalation");
    if (!isUnknown(escalation) && escalation !== false) problems.push("does not set allowPrivilegeEscalation: false");
    const privileged = at(container, "securityContext", "privileged");
    if (privileged === true) problems.push("is privileged");
    const drop = at(container, "securityContext", "capabilities", "drop");
    if (!containsUnknown(drop) && !asStrings(drop).some((c) => c.toUpperCase() === "ALL")) problems.push("does not drop ALL capabilities");
    const added = asStrings(at(container, "securityContext", "capabilities", "add")).filter((c) => c.toUpperCase() !== "NET_BIND_SERVICE");
    if (added.length > 0) problems.push(`adds capabilities ${added.join(", ")}`);
    const seccomp = effective(container, pod, "seccompProfile", "type");
    if (!isUnknown(seccomp) && seccomp !== "RuntimeDefault" && seccomp !== "Localhost") {
        problems.push("has no RuntimeDefault seccomp profile");
    }
    return problems;
}

export const securityPodHardening = resourcePolicy({
    name: "security-pod-hardening",
    description:
        "Every container runs as non-root, cannot escalate privileges, drops all Linux capabilities and uses the RuntimeDefault seccomp profile (the restricted Pod Security Standard).",
    enforcementLevel: "mandatory",
    kinds: podKinds,
    remediationSteps:
        "Set runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities.drop: [ALL] and seccompProfile.type: RuntimeDefault in the security contexts.",
    check: (view) => {
        const pod = podSpecOf(view);
        return allContainers(pod).flatMap((container) => {
            const problems = hardeningProblems(container.spec, asStruct(pod));
            return problems.length === 0 ? [] : [`container ${container.name} ${problems.join(", ")}`];
        });
    },
});
