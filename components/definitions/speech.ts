/** Speech-to-text and text-to-speech APIs (tier 3): independent, model-heavy, need nothing to start. */
import { catalog } from "../../catalog/services";
import { CatalogEntry } from "../../catalog/types";
import { JarvisConfig } from "../../config/load";
import { scratchVolume } from "./common";
import { httpAppDefinition, HttpAppOptions } from "./httpApp";
import { ServiceDefinition } from "./types";

function speechDefinition(entry: CatalogEntry, service: HttpAppOptions["service"]): ServiceDefinition {
    return httpAppDefinition({
        entry,
        service,
        env: [{ name: "HOME", value: "/home/app" }],
        defaultResources: { requests: { cpu: "500m", memory: "1Gi" }, limits: { cpu: "2", memory: "4Gi" } },
        // Speech models are cached on scratch space: they ship in the image or are fetched again on start.
        extraScratch: [scratchVolume("model-cache", "/home/app/.cache", "4Gi")],
    });
}

export function sttDefinition(config: JarvisConfig): ServiceDefinition {
    return speechDefinition(catalog.stt, config.services.stt);
}

export function ttsDefinition(config: JarvisConfig): ServiceDefinition {
    return speechDefinition(catalog.tts, config.services.tts);
}
