import type { Authenticator } from "@industryos/realtime";
import type { ApiDeps } from "../deps.ts";
import { resolvePublicDashboard } from "../services/dashboards/dashboard-public-link.ts";
import { authenticate } from "./authenticate.ts";
import { allowedOriginsFor } from "./csrf.ts";

/**
 * `@industryos/realtime`'s Authenticator: lets the WebSocket server (`/api/ws`) reuse the session
 * cookie, API keys and public dashboard links. Any failure is "not authenticated" (null): the
 * socket layer closes the connection with its own code.
 */
export function createRealtimeAuthenticator(deps: ApiDeps): Authenticator {
  return async (input) => {
    if (input.kind === "publicDashboard") {
      // A valid link reads only what its dashboard shows; a revoked or unknown id is refused.
      const resolved = await resolvePublicDashboard(deps.db.system, input.publicId).catch(() => null);
      return resolved
        ? { tenantId: resolved.tenantId, scopes: ["read"], allowedSources: resolved.allowedSources }
        : null;
    }
    const headers = input.kind === "upgrade" ? input.headers : new Headers({ authorization: `Bearer ${input.apiKey}` });
    // The browser sends its cookie on an upgrade from any site: honour it only from our own
    // origins, as REST and tRPC do (an API key in Authorization is no ambient credential).
    if (input.kind === "upgrade" && !headers.get("authorization") && !isOwnOrigin(headers, deps.publicUrl)) return null;
    const auth = await authenticate(deps, headers).catch(() => null);
    const actor = auth?.actor;
    if (!actor?.tenantId) return null;
    return {
      tenantId: actor.tenantId,
      ...(actor.userId ? { userId: actor.userId } : {}),
      ...(actor.role === "CUSTOMER_USER" && actor.customerId ? { customerId: actor.customerId } : {}),
      scopes: actor.scopes ?? ["read", "write"],
    };
  };
}

function isOwnOrigin(headers: Headers, publicUrl: string): boolean {
  const origin = headers.get("origin");
  return origin !== null && allowedOriginsFor({ headers }, publicUrl).includes(origin);
}
