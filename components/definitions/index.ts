/** Every service definition, by catalog id: the one place a target (Kubernetes, Docker) starts from. */
import { ServiceId } from "../../catalog/types";
import { JarvisConfig } from "../../config/load";
import { backendDefinition } from "./backend";
import { frontendDefinition } from "./frontend";
import { ollamaDefinition } from "./ollama";
import { postgresDefinition } from "./postgres";
import { qdrantDefinition } from "./qdrant";
import { redisDefinition } from "./redis";
import { sttDefinition, ttsDefinition } from "./speech";
import { timescaleDefinition } from "./timescale";
import { ServiceDefinition } from "./types";

export type PlatformServiceId = Exclude<ServiceId, "prometheus" | "grafana" | "jenkins">;

export const definitions: Readonly<Record<PlatformServiceId, (config: JarvisConfig) => ServiceDefinition>> = {
    postgres: postgresDefinition,
    redis: redisDefinition,
    qdrant: qdrantDefinition,
    ollama: ollamaDefinition,
    backend: backendDefinition,
    stt: sttDefinition,
    tts: ttsDefinition,
    frontend: frontendDefinition,
    timescale: timescaleDefinition,
};
