import type { TenantContext } from "../../context.ts";
import { notFound } from "../../errors.ts";
import { toView } from "./jwt-issuer-view.ts";

export async function getJwtIssuer(ctx: TenantContext, id: string) {
  const row = await ctx.db.jwtIssuer.findFirst({ where: { id } });
  if (!row) throw notFound("JWT issuer");
  return toView(row);
}
