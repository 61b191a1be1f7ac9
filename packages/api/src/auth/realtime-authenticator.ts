import type { ApiDeps } from "../deps.ts";
import { resolvePublicDashboard } from "../services/dashboards/dashboard-public-link.ts";
import { authenticate } from "./authenticate.ts";

/** Shapes of `@industryos/realtime`'s Authenticator, repeated here so api does not depend on it. */
export interface RealtimePrincipal {
  tenantId: string;
  userId?: string;
  customerId?: string;
  scopes: string[];
  /** Public links: only the sources and keys the dashboard shows. */
  allowedSources?: { devices: string[]; deviceProfiles: string[]; assets: string[]; keys?: string[] };
}
export type RealtimeAuthInput =
  | { kind: "upgrade"; headers: Headers }
  | { kind: "apiKey"; apiKey: string }
  | { kind: "publicDashboard"; publicId: string };

/**
 * Lets the WebSocket server (`/api/ws`) reuse the session cookie and API keys. Any failure is
 * "not authenticated" (null): the socket layer closes the connection with its own code.
 */
export function createRealtimeAuthenticator(deps: ApiDeps) {
  return async (input: RealtimeAuthInput): Promise<RealtimePrincipal | null> => {
    if (input.kind === "publicDashboard") {
      // A valid link reads only what its dashboard shows; a revoked or unknown id is refused.
      const resolved = await resolvePublicDashboard(deps.db.system, input.publicId).catch(() => null);
      return resolved
        ? { tenantId: resolved.tenantId, scopes: ["read"], allowedSources: resolved.allowedSources }
        : null;
    }
    const headers = input.kind === "upgrade" ? input.headers : new Headers({ authorization: `Bearer ${input.apiKey}` });
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
