/** Ollama, the tier-2 LLM server; its models live on a volume so restarts do not download them again. */
import { catalog } from "../../catalog/services";
import { JarvisConfig } from "../../config/load";
import { persistentVolume, probesFor, scratchVolume } from "./common";
import { ServiceDefinition } from "./types";

/** Annotation naming why a stateful service's data is not backed up. */
export const backupExemptAnnotation = "jarvis.io/backup-exempt";
export const ollamaBackupExemption =
    "models are re-downloadable from the Ollama registry (ollama pull); they hold no Jarvis data, and a restore would be slower than a new download";

export function ollamaDefinition(config: JarvisConfig): ServiceDefinition {
    const entry = catalog.ollama;
    const service = config.services.ollama;
    return {
        entry,
        image: service.image,
        replicas: service.replicas,
        ports: [{ name: "http", port: entry.port }],
        env: [
            { name: "OLLAMA_HOST", value: `0.0.0.0:${entry.port}` },
            { name: "OLLAMA_MODELS", value: "/models" },
            // Ollama keeps its identity key under $HOME; the image's /root is not ours to write.
            { name: "HOME", value: "/home/ollama" },
        ],
        probes: probesFor(entry),
        volumes: [
            persistentVolume(config, service.storage, "models", "/models"),
            scratchVolume("home", "/home/ollama", "64Mi"),
            scratchVolume("tmp", "/tmp", "2Gi"),
        ],
        resources: service.resources ?? {
            requests: { cpu: "1", memory: "4Gi" },
            limits: { cpu: "4", memory: "16Gi" },
        },
        gpu: service.gpu,
        runAs: { user: 1000, group: 1000, readOnlyRootFilesystem: true },
        // Lets a generation in progress finish (the SLO allows 5 s at P95; long answers take longer).
        terminationGracePeriodSeconds: 60,
        // Stateful but deliberately not backed up; auditors see why on the StatefulSet and its claims.
        annotations: { [backupExemptAnnotation]: ollamaBackupExemption },
    };
}
