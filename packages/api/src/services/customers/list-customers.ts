import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { skipTake } from "../shared/paging.ts";
import { toView, withCounts } from "./customer-view.ts";
import type { listCustomersInput } from "./schemas.ts";

export async function listCustomers(ctx: TenantContext, input: z.infer<typeof listCustomersInput>) {
  const where = input.search ? { title: { contains: input.search, mode: "insensitive" as const } } : {};
  const [rows, total] = await Promise.all([
    ctx.db.customer.findMany({ where, include: withCounts, orderBy: { title: "asc" }, ...skipTake(input) }),
    ctx.db.customer.count({ where }),
  ]);
  return { data: rows.map(toView), total, page: input.page, pageSize: input.pageSize };
}
