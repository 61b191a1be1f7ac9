import type { TenantContext } from "../../context.ts";
import { forbidden } from "../../errors.ts";
import { limitsOf } from "./tenant-limits.ts";

/** Refuses to create one more device or user than the tenant's limit allows (403, nothing created). */
export async function assertWithinLimit(ctx: TenantContext, what: "devices" | "users"): Promise<void> {
  const tenant = await ctx.deps.db.system.tenant.findUnique({
    where: { id: ctx.tenantId },
    select: { settings: true },
  });
  const limits = limitsOf(tenant?.settings);
  const max = what === "devices" ? limits.maxDevices : limits.maxUsers;
  if (max === null || max === undefined) return;
  const count = what === "devices" ? await ctx.db.device.count() : await ctx.db.user.count();
  if (count >= max)
    throw forbidden(
      `This workspace may have at most ${max} ${what}; ask your platform administrator to raise the limit`,
    );
}
