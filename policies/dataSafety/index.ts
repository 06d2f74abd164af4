/** Data-safety policies. */
import { dataProtectedFromDeletion } from "./protection";

export const dataSafetyPolicies = [dataProtectedFromDeletion];
