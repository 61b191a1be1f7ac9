import { checkDestination, OutboundRefusal } from "@industryos/outbound-http";
import type { ApiDeps } from "../../deps.ts";
import { ApiError } from "../../errors.ts";

/**
 * The JWKS URL being saved passes the shared outbound guard: ingest fetches it on the tenant's
 * behalf, so it must not point at cloud metadata or (unless allowed) private networks. The same
 * switch as webhooks decides about private networks (WEBHOOKS_ALLOW_PRIVATE_NETWORKS).
 */
export async function checkJwksUri(deps: ApiDeps, url: string): Promise<string> {
  try {
    const policy = { allowPrivateNetworks: deps.webhooks?.allowPrivateNetworks ?? false };
    return (await checkDestination(url, policy)).toString();
  } catch (error) {
    if (!(error instanceof OutboundRefusal)) throw error;
    throw new ApiError("VALIDATION_FAILED", `jwksUri: ${error.message}`, [
      { path: ["jwksUri"], message: error.message },
    ]);
  }
}
