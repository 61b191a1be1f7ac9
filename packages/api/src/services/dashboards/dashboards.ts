import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { ApiError, forbidden, notFound } from "../../errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { skipTake } from "../shared/paging.ts";
import { dashboardConfigSchema, EMPTY_DASHBOARD, type DashboardConfig } from "@industryos/dashboard-schema";
import { referencedIds } from "./referenced-ids.ts";
import type { createDashboardInput, listDashboardsInput, updateDashboardInput } from "./dashboard-inputs.ts";

interface DashboardRow {
  id: string;
  title: string;
  configuration: unknown;
  createdAt: Date;
  updatedAt: Date;
  customerLinks?: Array<{ customerId: string }>;
  publicId?: string | null;
}

const toSummary = (d: DashboardRow) => ({
  id: d.id,
  title: d.title,
  createdAt: d.createdAt.toISOString(),
  updatedAt: d.updatedAt.toISOString(),
  ...(d.customerLinks ? { customerIds: d.customerLinks.map((l) => l.customerId) } : {}),
  ...(d.publicId !== undefined ? { publicId: d.publicId } : {}),
});

/** A stored configuration that no longer parses (older format, hand edit) is shown empty rather than failing the page. */
function configurationOf(row: DashboardRow): DashboardConfig {
  const parsed = dashboardConfigSchema.safeParse(row.configuration);
  return parsed.success ? parsed.data : EMPTY_DASHBOARD;
}

const toView = (row: DashboardRow) => ({ ...toSummary(row), configuration: configurationOf(row) });

/** Customer users see only the dashboards assigned to their customer. */
function visibleWhere(ctx: TenantContext) {
  if (ctx.actor.role !== "CUSTOMER_USER") return {};
  return { customerLinks: { some: { customerId: ctx.actor.customerId ?? "00000000-0000-0000-0000-000000000000" } } };
}

export function assertCanEdit(ctx: TenantContext) {
  if (ctx.actor.role === "CUSTOMER_USER") throw forbidden("Customer users see dashboards read-only");
  // Same rule as the REST layer's authorize(): a key with scopes but no "write" is read-only.
  if (ctx.actor.apiKeyId && ctx.actor.scopes?.length && !ctx.actor.scopes.includes("write"))
    throw forbidden("This API key is read-only");
}

/**
 * Every device, profile and asset a configuration names must be the tenant's own: the lookup
 * runs under row-level security, so another tenant's id is simply missing (422).
 */
async function checkReferences(ctx: TenantContext, config: DashboardConfig) {
  const refs = referencedIds(config);
  const [devices, profiles, assets] = await Promise.all([
    refs.devices.length ? ctx.db.device.count({ where: { id: { in: refs.devices } } }) : 0,
    refs.deviceProfiles.length ? ctx.db.deviceProfile.count({ where: { id: { in: refs.deviceProfiles } } }) : 0,
    refs.assets.length ? ctx.db.asset.count({ where: { id: { in: refs.assets } } }) : 0,
  ]);
  const missing = [
    devices !== refs.devices.length && "device",
    profiles !== refs.deviceProfiles.length && "device profile",
    assets !== refs.assets.length && "asset",
  ].filter(Boolean);
  if (missing.length)
    throw new ApiError("VALIDATION_FAILED", `The configuration refers to a ${missing.join(", ")} that does not exist`);
}

export async function listDashboards(ctx: TenantContext, input: z.infer<typeof listDashboardsInput>) {
  const where = {
    ...visibleWhere(ctx),
    ...(input.search ? { title: { contains: input.search, mode: "insensitive" as const } } : {}),
  };
  const [rows, total] = await Promise.all([
    ctx.db.dashboard.findMany({
      where,
      orderBy: { title: "asc" },
      select: {
        id: true,
        title: true,
        configuration: false,
        createdAt: true,
        updatedAt: true,
        publicId: ctx.actor.role !== "CUSTOMER_USER",
      },
      ...skipTake(input),
    }),
    ctx.db.dashboard.count({ where }),
  ]);
  return {
    data: rows.map((r) => toSummary({ ...r, configuration: null })),
    total,
    page: input.page,
    pageSize: input.pageSize,
  };
}

async function findVisible(ctx: TenantContext, id: string) {
  const row = await ctx.db.dashboard.findFirst({
    where: { id, ...visibleWhere(ctx) },
    include: { customerLinks: { select: { customerId: true } } },
  });
  if (!row) throw notFound("Dashboard");
  return row;
}

export async function getDashboard(ctx: TenantContext, id: string) {
  const row = await findVisible(ctx, id);
  // Customers do not learn which other customers a dashboard is shared with.
  return ctx.actor.role === "CUSTOMER_USER"
    ? toView({ ...row, customerLinks: undefined, publicId: undefined })
    : toView(row);
}

export async function createDashboard(ctx: TenantContext, input: z.infer<typeof createDashboardInput>) {
  assertCanEdit(ctx);
  const configuration = input.configuration ?? EMPTY_DASHBOARD;
  await checkReferences(ctx, configuration);
  const row = await ctx.db.dashboard.create({
    data: { tenantId: ctx.tenantId, title: input.title, configuration: configuration as never },
  });
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
    actionType: "ADDED",
    entityType: "DASHBOARD",
    entityId: row.id,
    entityName: row.title,
  });
  return toView(row);
}

export async function updateDashboard(ctx: TenantContext, id: string, input: z.infer<typeof updateDashboardInput>) {
  assertCanEdit(ctx);
  await findVisible(ctx, id);
  if (input.configuration) await checkReferences(ctx, input.configuration);
  const row = await ctx.db.dashboard.update({
    where: { id },
    data: {
      ...(input.title !== undefined ? { title: input.title } : {}),
      ...(input.configuration !== undefined ? { configuration: input.configuration as never } : {}),
    },
    include: { customerLinks: { select: { customerId: true } } },
  });
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
    actionType: "UPDATED",
    entityType: "DASHBOARD",
    entityId: id,
    entityName: row.title,
  });
  return toView(row);
}

export async function deleteDashboard(ctx: TenantContext, id: string): Promise<void> {
  assertCanEdit(ctx);
  const row = await findVisible(ctx, id);
  await ctx.db.dashboard.delete({ where: { id } });
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
    actionType: "DELETED",
    entityType: "DASHBOARD",
    entityId: id,
    entityName: row.title,
  });
}
