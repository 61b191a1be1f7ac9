import { z } from "zod";
import type { Actor } from "../../actor.ts";
import type { ApiDeps } from "../../deps.ts";
import { notFound } from "../../errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { pagingInput, skipTake } from "../shared/paging.ts";

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

export function limitsOf(settings: unknown): TenantLimits {
  const parsed = tenantLimits.safeParse((settings as { limits?: unknown } | null)?.limits ?? {});
  return parsed.success ? parsed.data : {};
}

interface TenantRow {
  id: string;
  name: string;
  email: string | null;
  settings: unknown;
  createdAt: Date;
  _count: { devices: number; users: number };
}

const toView = (t: TenantRow) => ({
  id: t.id,
  name: t.name,
  email: t.email,
  limits: limitsOf(t.settings),
  deviceCount: t._count.devices,
  userCount: t._count.users,
  createdAt: t.createdAt.toISOString(),
});

const counts = { _count: { select: { devices: true, users: true } } } as const;

/** System administration works across tenants, so it uses the privileged client on purpose. */
export async function listTenants(deps: ApiDeps, input: z.infer<typeof listTenantsInput>) {
  const where = input.search ? { name: { contains: input.search, mode: "insensitive" as const } } : {};
  const [rows, total] = await Promise.all([
    deps.db.system.tenant.findMany({ where, include: counts, orderBy: { createdAt: "desc" }, ...skipTake(input) }),
    deps.db.system.tenant.count({ where }),
  ]);
  return { data: rows.map(toView), total, page: input.page, pageSize: input.pageSize };
}

export async function getTenant(deps: ApiDeps, id: string) {
  const row = await deps.db.system.tenant.findUnique({ where: { id }, include: counts });
  if (!row) throw notFound("Tenant");
  return toView(row);
}

export async function updateTenant(deps: ApiDeps, actor: Actor, id: string, input: z.infer<typeof updateTenantInput>) {
  const current = await deps.db.system.tenant.findUnique({ where: { id } });
  if (!current) throw notFound("Tenant");
  const settings = {
    ...((current.settings as object | null) ?? {}),
    ...(input.limits ? { limits: { ...limitsOf(current.settings), ...input.limits } } : {}),
  };
  await deps.db.system.tenant.update({
    where: { id },
    data: { ...(input.name ? { name: input.name } : {}), settings },
  });
  await recordAudit(deps.db.system, id, actor, {
    actionType: "UPDATED",
    entityType: "TENANT",
    entityId: id,
    entityName: input.name ?? current.name,
    actionData: input,
  });
  return getTenant(deps, id);
}
