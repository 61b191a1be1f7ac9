import { customerFilter } from "../../auth/authorize.ts";
import type { TenantContext } from "../../context.ts";
import { notFound } from "../../errors.ts";
import { include, toView } from "./asset-view.ts";

export async function getAsset(ctx: TenantContext, id: string) {
  const row = await ctx.db.asset.findFirst({ where: { id, ...customerFilter(ctx.actor) }, include });
  if (!row) throw notFound("Asset");
  return toView(row);
}
