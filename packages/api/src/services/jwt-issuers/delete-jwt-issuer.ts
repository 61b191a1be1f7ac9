import type { TenantContext } from "../../context.ts";
import { notFound } from "../../errors.ts";

/**
 * Tokens of a deleted issuer stop opening new connections once ingest's issuer cache expires
 * (seconds); devices keep their JWT credentials, for an issuer registered again.
 */
export async function deleteJwtIssuer(ctx: TenantContext, id: string): Promise<void> {
  const { count } = await ctx.db.jwtIssuer.deleteMany({ where: { id } });
  if (count === 0) throw notFound("JWT issuer");
}
