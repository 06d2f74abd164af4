/** SLO policies: probes, high availability, alert rules, recovery within the RTO. */
import { sloAlertRules } from "./alertRules";
import { sloHighAvailability } from "./highAvailability";
import { sloLivenessWithinRto } from "./livenessWithinRto";
import { sloProbes } from "./probes";

export const sloPolicies = [sloProbes, sloHighAvailability, sloAlertRules, sloLivenessWithinRto];
