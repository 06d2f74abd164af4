/** The component class of every service this program deploys, by catalog id. */
import * as pulumi from "@pulumi/pulumi";
import { PlatformServiceId } from "../definitions";
import { BackendApi } from "./backend";
import { Frontend } from "./frontend";
import { Ollama } from "./ollama";
import { Postgres } from "./postgres";
import { Qdrant } from "./qdrant";
import { Redis } from "./redis";
import { SpeechToText } from "./stt";
import { TimescaleDB } from "./timescale";
import { TierService, TierServiceArgs } from "./tierService";
import { TextToSpeech } from "./tts";

type TierServiceClass = new (name: string, args: TierServiceArgs, opts?: pulumi.ComponentResourceOptions) => TierService;

export const serviceComponents: Readonly<Record<PlatformServiceId, TierServiceClass>> = {
    postgres: Postgres,
    redis: Redis,
    qdrant: Qdrant,
    ollama: Ollama,
    backend: BackendApi,
    stt: SpeechToText,
    tts: TextToSpeech,
    frontend: Frontend,
    timescale: TimescaleDB,
};

export { BackendApi, Frontend, Ollama, Postgres, Qdrant, Redis, SpeechToText, TextToSpeech, TierService, TimescaleDB };
