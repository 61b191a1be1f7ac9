import { checkDestination, OutboundRefusal, type OutboundPolicy } from "@industryos/outbound-http";
import type { ApiDeps } from "../../deps.ts";
import { ApiError } from "../../errors.ts";

/** WEBHOOKS_ALLOW_PRIVATE_NETWORKS as the API was given it (refused unless said otherwise). */
export const webhookPolicy = (deps: ApiDeps): OutboundPolicy => ({
  allowPrivateNetworks: deps.webhooks?.allowPrivateNetworks ?? false,
});

/**
 * A URL being saved: http(s), and neither written as nor resolving (now) to an address the
 * policy refuses. 422 on `url` with the guard's words otherwise. Every delivery checks again
 * where it connects, so a name that changes its answer later is refused then.
 */
export async function checkWebhookUrl(deps: ApiDeps, url: string): Promise<string> {
  try {
    return (await checkDestination(url, webhookPolicy(deps))).toString();
  } catch (error) {
    if (!(error instanceof OutboundRefusal)) throw error;
    throw new ApiError("VALIDATION_FAILED", `url: ${error.message}`, [{ path: ["url"], message: error.message }]);
  }
}
