import { z } from "zod";
import { pagingInput } from "../shared/paging.ts";

/** Limits a system administrator sets per tenant; absent means unlimited. */
export const tenantLimits = z.object({
  maxDevices: z.number().int().min(0).max(10_000_000).nullable().optional(),
  maxUsers: z.number().int().min(0).max(1_000_000).nullable().optional(),
});
export type TenantLimits = z.infer<typeof tenantLimits>;

export const updateTenantInput = z.object({
  name: z.string().trim().min(1).max(100).optional(),
  limits: tenantLimits.optional(),
});
export const listTenantsInput = pagingInput.extend({ search: z.string().trim().max(100).optional() });
