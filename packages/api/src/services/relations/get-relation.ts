import type { TenantContext } from "../../context.ts";
import { notFound } from "../../errors.ts";
import { toView } from "./relation-view.ts";

export async function getRelation(ctx: TenantContext, id: string) {
  const row = await ctx.db.entityRelation.findUnique({ where: { id } });
  if (!row) throw notFound("Relation");
  return toView(row);
}
