import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { skipTake } from "../shared/paging.ts";
import type { listTemplatesInput } from "./schemas.ts";
import { toView } from "./template-view.ts";

/** The tenant's templates by name, optionally of one kind of event or matching a search. */
export async function listTemplates(ctx: TenantContext, input: z.infer<typeof listTemplatesInput>) {
  const where = {
    ...(input.search ? { name: { contains: input.search, mode: "insensitive" as const } } : {}),
    ...(input.notificationType ? { notificationType: input.notificationType } : {}),
  };
  const [rows, total] = await Promise.all([
    ctx.db.notificationTemplate.findMany({ where, orderBy: [{ name: "asc" }, { id: "asc" }], ...skipTake(input) }),
    ctx.db.notificationTemplate.count({ where }),
  ]);
  return { data: rows.map(toView), total, page: input.page, pageSize: input.pageSize };
}
