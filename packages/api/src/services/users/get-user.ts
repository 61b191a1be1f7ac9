import type { TenantContext } from "../../context.ts";
import { notFound } from "../../errors.ts";
import { toView } from "./user-view.ts";

export async function getUser(ctx: TenantContext, id: string) {
  const row = await ctx.db.user.findUnique({ where: { id } });
  if (!row) throw notFound("User");
  return toView(row);
}
