/** Turns a definition's probes into Kubernetes probes. */
import * as k8s from "@pulumi/kubernetes";
import { Probe } from "../definitions/types";

export function kubernetesProbe(probe: Probe): k8s.types.input.core.v1.Probe {
    const { action, ...timing } = probe;
    const handler =
        "exec" in action
            ? { exec: { command: [...action.exec] } }
            : "httpGet" in action
              ? { httpGet: { path: action.httpGet.path, port: action.httpGet.port } }
              : { tcpSocket: { port: action.tcpSocket.port } };
    return { ...handler, successThreshold: 1, ...timing };
}
