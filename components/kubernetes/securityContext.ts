/**
 * The restrictive security context of every pod and container: non-root, no privilege escalation,
 * no capabilities, RuntimeDefault seccomp. It satisfies the namespace's `restricted` Pod Security level.
 */
import * as k8s from "@pulumi/kubernetes";
import { RunAs } from "../definitions/types";

type PodSecurityContext = k8s.types.input.core.v1.PodSecurityContext;
type SecurityContext = k8s.types.input.core.v1.SecurityContext;

export function podSecurityContext(runAs: RunAs): PodSecurityContext {
    return {
        runAsNonRoot: true,
        runAsUser: runAs.user,
        runAsGroup: runAs.group,
        // Volumes become writable by the service's group; skip the recursive chown when already right.
        fsGroup: runAs.group,
        fsGroupChangePolicy: "OnRootMismatch",
        seccompProfile: { type: "RuntimeDefault" },
    };
}

export function containerSecurityContext(runAs: RunAs): SecurityContext {
    return {
        runAsNonRoot: true,
        runAsUser: runAs.user,
        runAsGroup: runAs.group,
        privileged: false,
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: runAs.readOnlyRootFilesystem,
        capabilities: { drop: ["ALL"] },
        seccompProfile: { type: "RuntimeDefault" },
    };
}
