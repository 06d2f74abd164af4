/** The Jarvis policy pack, as `pulumi preview --policy-pack policies` loads it. */
import { PolicyPack } from "@pulumi/policy";
import { jarvisPolicies, packDescription, packName } from "./policies";

new PolicyPack(packName, { description: packDescription, policies: jarvisPolicies, enforcementLevel: "advisory" });
