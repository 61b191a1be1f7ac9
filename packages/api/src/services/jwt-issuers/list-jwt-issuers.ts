import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { skipTake } from "../shared/paging.ts";
import { toView } from "./jwt-issuer-view.ts";
import type { listJwtIssuersInput } from "./schemas.ts";

/** The tenant's issuers, oldest first (in the order they were registered). */
export async function listJwtIssuers(ctx: TenantContext, input: z.infer<typeof listJwtIssuersInput>) {
  const [rows, total] = await Promise.all([
    ctx.db.jwtIssuer.findMany({ orderBy: [{ createdAt: "asc" }, { id: "asc" }], ...skipTake(input) }),
    ctx.db.jwtIssuer.count(),
  ]);
  return { data: rows.map(toView), total, page: input.page, pageSize: input.pageSize };
}
