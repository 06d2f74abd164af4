/** Every policy of the Jarvis pack, by concern. The offline audit and the tests use this list too. */
import { backupPolicies } from "./backup";
import { dataSafetyPolicies } from "./dataSafety";
import { securityPolicies } from "./security";
import { sloPolicies } from "./slo";

export const jarvisPolicies = [...sloPolicies, ...backupPolicies, ...securityPolicies, ...dataSafetyPolicies];

export const packName = "jarvis";
export const packDescription = "SLO, backup, security and data-safety guardrails for the Jarvis platform, from its operations runbooks.";
