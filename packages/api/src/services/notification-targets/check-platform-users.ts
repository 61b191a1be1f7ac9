import type { TenantContext } from "../../context.ts";
import { ApiError } from "../../errors.ts";
import type { TargetConfiguration } from "./schemas.ts";

/**
 * A PLATFORM_USERS target names the tenant's own customer or users (row-level security hides
 * another tenant's, so they are simply missing): 422 on the field otherwise.
 */
export async function checkPlatformUsers(ctx: TenantContext, configuration: TargetConfiguration<"PLATFORM_USERS">) {
  const users = configuration.users;
  if (users.type === "CUSTOMER_USERS") {
    const customer = await ctx.db.customer.findUnique({ where: { id: users.customerId }, select: { id: true } });
    if (!customer) throw invalid(["configuration", "users", "customerId"], "No such customer");
  }
  if (users.type === "USER_LIST") {
    const found = await ctx.db.user.findMany({ where: { id: { in: users.userIds } }, select: { id: true } });
    const known = new Set(found.map((u) => u.id));
    const missing = users.userIds.findIndex((id) => !known.has(id));
    if (missing >= 0) throw invalid(["configuration", "users", "userIds", String(missing)], "No such user");
  }
}

const invalid = (path: string[], message: string) => new ApiError("VALIDATION_FAILED", message, [{ path, message }]);
