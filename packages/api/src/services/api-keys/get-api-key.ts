import type { TenantContext } from "../../context.ts";
import { notFound } from "../../errors.ts";
import { toView } from "./api-key-view.ts";

export async function getApiKey(ctx: TenantContext, id: string) {
  const row = await ctx.db.apiKey.findFirst({ where: { id, revokedAt: null } });
  if (!row) throw notFound("API key");
  return toView(row);
}
