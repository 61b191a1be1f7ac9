import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { skipTake } from "../shared/paging.ts";
import { toView } from "./relation-view.ts";
import type { listRelationsInput } from "./schemas.ts";

export async function listRelations(ctx: TenantContext, input: z.infer<typeof listRelationsInput>) {
  const where = {
    ...(input.fromId ? { fromId: input.fromId } : {}),
    ...(input.toId ? { toId: input.toId } : {}),
    ...(input.type ? { type: input.type } : {}),
  };
  const [rows, total] = await Promise.all([
    ctx.db.entityRelation.findMany({ where, orderBy: { createdAt: "desc" }, ...skipTake(input) }),
    ctx.db.entityRelation.count({ where }),
  ]);
  return { data: rows.map(toView), total, page: input.page, pageSize: input.pageSize };
}
