import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { skipTake } from "../shared/paging.ts";
import { toView } from "./api-key-view.ts";
import type { listApiKeysInput } from "./schemas.ts";

/** Active (not revoked) keys, newest first. */
export async function listApiKeys(ctx: TenantContext, input: z.infer<typeof listApiKeysInput>) {
  const where = { revokedAt: null };
  const [rows, total] = await Promise.all([
    ctx.db.apiKey.findMany({ where, orderBy: { createdAt: "desc" }, ...skipTake(input) }),
    ctx.db.apiKey.count({ where }),
  ]);
  return { data: rows.map(toView), total, page: input.page, pageSize: input.pageSize };
}
