import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { skipTake } from "../shared/paging.ts";
import { visibleWhere } from "./dashboard-access.ts";
import { toSummary } from "./dashboard-view.ts";
import type { listDashboardsInput } from "./schemas.ts";

export async function listDashboards(ctx: TenantContext, input: z.infer<typeof listDashboardsInput>) {
  // AND: a customer user's own visibility filter and a customerId filter both narrow, neither replaces the other.
  const where = {
    AND: [
      visibleWhere(ctx),
      input.search ? { title: { contains: input.search, mode: "insensitive" as const } } : {},
      input.customerId ? { customerLinks: { some: { customerId: input.customerId } } } : {},
    ],
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
