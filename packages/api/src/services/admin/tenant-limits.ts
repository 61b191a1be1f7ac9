import { tenantLimits, type TenantLimits } from "./schemas.ts";

export function limitsOf(settings: unknown): TenantLimits {
  const parsed = tenantLimits.safeParse((settings as { limits?: unknown } | null)?.limits ?? {});
  return parsed.success ? parsed.data : {};
}
