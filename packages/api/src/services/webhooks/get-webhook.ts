import type { TenantContext } from "../../context.ts";
import { findWebhook } from "./find-webhook.ts";
import { toWebhookView } from "./webhook-view.ts";

/** A webhook without its secret (that was shown once). */
export async function getWebhook(ctx: TenantContext, id: string) {
  return toWebhookView(await findWebhook(ctx, id));
}
