/**
 * The Jarvis program as a function: `index.ts` runs it under the Pulumi engine, the offline tools
 * and tests run the very same function under Pulumi's mock runtime.
 */
import * as pulumi from "@pulumi/pulumi";
import { JarvisPlatform } from "./components/platform";
import { loadConfig } from "./config/load";

export interface JarvisOutputs {
    /** Namespace the platform lives in. */
    readonly namespace: pulumi.Output<string>;
    /** In-cluster host name of every service, by catalog id. */
    readonly services: Record<string, pulumi.Output<string>>;
}

export function jarvis(): JarvisOutputs {
    // Validate everything first: invalid config throws here, before any resource is registered.
    const config = loadConfig();
    const platform = new JarvisPlatform("jarvis", { config });
    return {
        namespace: platform.namespace.metadata.name,
        services: Object.fromEntries(Object.entries(platform.services).map(([id, service]) => [id, service.host])),
    };
}
