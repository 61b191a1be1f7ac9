import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { skipTake } from "../shared/paging.ts";
import type { listTargetsInput } from "./schemas.ts";
import { toView } from "./target-view.ts";

/** The tenant's targets by name, optionally of one type or matching a search. */
export async function listTargets(ctx: TenantContext, input: z.infer<typeof listTargetsInput>) {
  const where = {
    ...(input.search ? { name: { contains: input.search, mode: "insensitive" as const } } : {}),
    ...(input.type ? { type: input.type } : {}),
  };
  const [rows, total] = await Promise.all([
    ctx.db.notificationTarget.findMany({ where, orderBy: [{ name: "asc" }, { id: "asc" }], ...skipTake(input) }),
    ctx.db.notificationTarget.count({ where }),
  ]);
  return { data: rows.map(toView), total, page: input.page, pageSize: input.pageSize };
}
