import { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { notFound } from "../../errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { pagingInput, skipTake } from "../shared/paging.ts";

export const customerInput = z.object({
  title: z.string().trim().min(1, "Name the customer").max(255),
  email: z.email().max(254).nullable().optional(),
  phone: z.string().trim().max(50).nullable().optional(),
});
export const listCustomersInput = pagingInput.extend({ search: z.string().trim().max(255).optional() });

interface CustomerRow {
  id: string;
  title: string;
  email: string | null;
  phone: string | null;
  createdAt: Date;
  _count?: { devices: number; assets: number; users: number };
}

const toView = (c: CustomerRow) => ({
  id: c.id,
  title: c.title,
  email: c.email,
  phone: c.phone,
  createdAt: c.createdAt.toISOString(),
  ...(c._count ? { deviceCount: c._count.devices, assetCount: c._count.assets, userCount: c._count.users } : {}),
});

const withCounts = { _count: { select: { devices: true, assets: true, users: true } } } as const;

export async function listCustomers(ctx: TenantContext, input: z.infer<typeof listCustomersInput>) {
  const where = input.search ? { title: { contains: input.search, mode: "insensitive" as const } } : {};
  const [rows, total] = await Promise.all([
    ctx.db.customer.findMany({ where, include: withCounts, orderBy: { title: "asc" }, ...skipTake(input) }),
    ctx.db.customer.count({ where }),
  ]);
  return { data: rows.map(toView), total, page: input.page, pageSize: input.pageSize };
}

export async function getCustomer(ctx: TenantContext, id: string) {
  const row = await ctx.db.customer.findUnique({ where: { id }, include: withCounts });
  if (!row) throw notFound("Customer");
  return toView(row);
}

export async function createCustomer(ctx: TenantContext, input: z.infer<typeof customerInput>) {
  const row = await ctx.db.customer.create({
    data: { tenantId: ctx.tenantId, title: input.title, email: input.email ?? null, phone: input.phone ?? null },
  });
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
    actionType: "ADDED",
    entityType: "CUSTOMER",
    entityId: row.id,
    entityName: row.title,
  });
  return toView(row);
}

export async function updateCustomer(ctx: TenantContext, id: string, input: Partial<z.infer<typeof customerInput>>) {
  await getCustomer(ctx, id);
  const row = await ctx.db.customer.update({
    where: { id },
    data: {
      ...(input.title !== undefined ? { title: input.title } : {}),
      ...(input.email !== undefined ? { email: input.email } : {}),
      ...(input.phone !== undefined ? { phone: input.phone } : {}),
    },
  });
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
    actionType: "UPDATED",
    entityType: "CUSTOMER",
    entityId: id,
    entityName: row.title,
  });
  return toView(row);
}

/** Its devices and assets go back to the tenant; its users are deleted with it. */
export async function deleteCustomer(ctx: TenantContext, id: string): Promise<void> {
  const customer = await getCustomer(ctx, id);
  await ctx.db.$transaction(async (tx) => {
    await tx.device.updateMany({ where: { customerId: id }, data: { customerId: null } });
    await tx.asset.updateMany({ where: { customerId: id }, data: { customerId: null } });
    await tx.customer.delete({ where: { id } });
  });
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
    actionType: "DELETED",
    entityType: "CUSTOMER",
    entityId: id,
    entityName: customer.title,
  });
}
