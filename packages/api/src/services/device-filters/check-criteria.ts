import type { TenantContext } from "../../context.ts";
import { ApiError } from "../../errors.ts";
import type { DeviceFilterCriteria } from "./schemas.ts";

const invalid = (field: string, message: string) =>
  new ApiError("VALIDATION_FAILED", message, [{ path: ["criteria", field], message }]);

/** The profile and customer a filter names exist in the tenant (another tenant's id is just an unknown one). */
export async function checkCriteria(ctx: TenantContext, criteria: DeviceFilterCriteria): Promise<void> {
  if (criteria.deviceProfileId && !(await ctx.db.deviceProfile.findUnique({ where: { id: criteria.deviceProfileId } })))
    throw invalid("deviceProfileId", "No such device profile");
  if (criteria.customerId && !(await ctx.db.customer.findUnique({ where: { id: criteria.customerId } })))
    throw invalid("customerId", "No such customer");
}
