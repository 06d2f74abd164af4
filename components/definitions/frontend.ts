/** The web interface (tier 2): calls the backend API. */
import { catalog } from "../../catalog/services";
import { JarvisConfig } from "../../config/load";
import { serviceUrl } from "./common";
import { httpAppDefinition } from "./httpApp";
import { ServiceDefinition } from "./types";

export function frontendDefinition(config: JarvisConfig): ServiceDefinition {
    return httpAppDefinition({
        entry: catalog.frontend,
        service: config.services.frontend,
        env: [{ name: "BACKEND_URL", value: serviceUrl(catalog.backend) }],
        defaultResources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "512Mi" } },
        drainSeconds: 30,
    });
}
