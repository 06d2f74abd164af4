import { describe, expect, it } from "vitest";
import { fixture, messages, violations } from "../../test/support/policies";
import { securityNoExternalServices } from "./exposure";
import { securityDefaultDeny } from "./networkPolicy";

describe("security-default-deny-network-policy", () => {
    it("passes a namespace with a default-deny policy for both directions", async () => {
        expect(await messages(securityDefaultDeny, fixture("security/fixtures/network.pass.yaml"))).toEqual([]);
    });

    it("flags namespaces without one, and one that denies only ingress; advisory", async () => {
        const found = await violations(securityDefaultDeny, fixture("security/fixtures/network.fail.yaml"));
        expect(found.map((v) => `${v.level} ${v.resource}: ${v.message}`)).toEqual([
            "advisory Namespace jarvis-staging: namespace jarvis-staging has no default-deny NetworkPolicy for Ingress and Egress",
            "advisory NetworkPolicy monitoring/deny-ingress: namespace monitoring has no default-deny NetworkPolicy for Egress",
        ]);
    });

    it("accepts an ingress-only default deny when the operator says so", async () => {
        const config = { "security-default-deny-network-policy": { requireEgressDeny: false } };
        expect(await messages(securityDefaultDeny, fixture("security/fixtures/network.fail.yaml"), { config })).toEqual([
            "Namespace jarvis-staging: namespace jarvis-staging has no default-deny NetworkPolicy for Ingress",
        ]);
    });
});

describe("security-no-external-services", () => {
    it("passes the ingress controller's LoadBalancer and NodePort, and ClusterIP services", async () => {
        expect(await messages(securityNoExternalServices, fixture("security/fixtures/network.pass.yaml"))).toEqual([]);
    });

    it("flags any other exposed Service", async () => {
        expect(await messages(securityNoExternalServices, fixture("security/fixtures/network.fail.yaml"))).toEqual([
            "Service jarvis-staging/postgres: is of type NodePort: only the ingress controller may be exposed outside the cluster",
            "Service monitoring/grafana: is of type LoadBalancer: only the ingress controller may be exposed outside the cluster",
        ]);
    });
});
