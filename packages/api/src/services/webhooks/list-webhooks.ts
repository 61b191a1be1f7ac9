import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { skipTake } from "../shared/paging.ts";
import type { listWebhooksInput } from "./schemas.ts";
import { toWebhookView } from "./webhook-view.ts";

/** The tenant's webhooks, oldest first (the order integrators created them in). */
export async function listWebhooks(ctx: TenantContext, input: z.infer<typeof listWebhooksInput>) {
  const [rows, total] = await Promise.all([
    ctx.db.webhook.findMany({ orderBy: [{ createdAt: "asc" }, { id: "asc" }], ...skipTake(input) }),
    ctx.db.webhook.count(),
  ]);
  return { data: rows.map(toWebhookView), total, page: input.page, pageSize: input.pageSize };
}
