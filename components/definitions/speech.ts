/** Speech-to-text and text-to-speech APIs (tier 3): independent, model-heavy, need nothing to start. */
import { catalog } from "../../catalog/services";
import { JarvisConfig } from "../../config/load";
import { scratchVolume } from "./common";
import { httpAppDefinition } from "./httpApp";
import { ServiceDefinition } from "./types";

// Speech models are cached on scratch space: they come with the image or are fetched again on start.
const modelCache = scratchVolume("model-cache", "/home/app/.cache", "4Gi");
const speechResources = { requests: { cpu: "500m", memory: "1Gi" }, limits: { cpu: "2", memory: "4Gi" } };

export function sttDefinition(config: JarvisConfig): ServiceDefinition {
    return httpAppDefinition({
        entry: catalog.stt,
        service: config.services.stt,
        env: [{ name: "HOME", value: "/home/app" }],
        defaultResources: speechResources,
        extraScratch: [modelCache],
    });
}

export function ttsDefinition(config: JarvisConfig): ServiceDefinition {
    return httpAppDefinition({
        entry: catalog.tts,
        service: config.services.tts,
        env: [{ name: "HOME", value: "/home/app" }],
        defaultResources: speechResources,
        extraScratch: [modelCache],
    });
}
