import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { skipTake } from "../shared/paging.ts";
import type { listUsersInput } from "./schemas.ts";
import { toView } from "./user-view.ts";

export async function listUsers(ctx: TenantContext, input: z.infer<typeof listUsersInput>) {
  const where = {
    ...(input.customerId ? { customerId: input.customerId } : {}),
    ...(input.search ? { email: { contains: input.search, mode: "insensitive" as const } } : {}),
  };
  const [rows, total] = await Promise.all([
    ctx.db.user.findMany({ where, orderBy: { createdAt: "asc" }, ...skipTake(input) }),
    ctx.db.user.count({ where }),
  ]);
  return { data: rows.map(toView), total, page: input.page, pageSize: input.pageSize };
}
