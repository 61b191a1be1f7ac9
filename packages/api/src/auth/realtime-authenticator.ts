import type { Authenticator, RealtimePrincipal } from "@industryos/realtime";
import type { ApiDeps } from "../deps.ts";
import { ApiError } from "../errors.ts";
import { resolvePublicDashboard } from "../services/dashboards/dashboard-public-link.ts";
import { authenticate, type Authentication } from "./authenticate.ts";
import { allowedOriginsFor } from "./csrf.ts";

/**
 * `@industryos/realtime`'s Authenticator: lets the WebSocket server (`/api/ws`) reuse the session
 * cookie, API keys and public dashboard links. Bad, revoked or missing credentials are "not
 * authenticated" (null): the socket layer closes the connection with its own code. A failure to
 * check them (database away) throws, so an open connection being re-validated is kept.
 *
 * Each principal lists the credentials it stands on (`credentials`): the revocation events the
 * API publishes (`publishRevocation`) name them, and the server re-checks those connections.
 */
export function createRealtimeAuthenticator(deps: ApiDeps): Authenticator {
  return async (input) => {
    if (input.kind === "publicDashboard") {
      // A valid link reads only what its dashboard shows; a revoked or unknown id is refused.
      const resolved = await resolvePublicDashboard(deps.db.system, input.publicId);
      if (!resolved) return null;
      return {
        tenantId: resolved.tenantId,
        scopes: ["read"],
        allowedSources: resolved.allowedSources,
        credentials: [{ kind: "dashboard", id: resolved.dashboard.id }],
      };
    }
    let headers: Headers;
    if (input.kind === "upgrade") {
      headers = input.headers;
      // The browser sends its cookie on an upgrade from any site: honour it only from our own
      // origins, as REST and tRPC do (an API key in Authorization is no ambient credential).
      if (!headers.get("authorization") && !isOwnOrigin(headers, deps.publicUrl)) return null;
    } else {
      headers = new Headers({ authorization: `Bearer ${input.apiKey}` });
    }
    const auth = await authenticate(deps, headers).catch((error: unknown) => {
      if (error instanceof ApiError && error.code === "UNAUTHORIZED") return null;
      throw error;
    });
    const actor = auth?.actor;
    if (!auth || !actor?.tenantId) return null;
    return {
      tenantId: actor.tenantId,
      ...(actor.userId ? { userId: actor.userId } : {}),
      ...(actor.role === "CUSTOMER_USER" && actor.customerId ? { customerId: actor.customerId } : {}),
      scopes: actor.scopes ?? ["read", "write"],
      credentials: credentialsOf(auth),
    };
  };
}

function credentialsOf(auth: Authentication): NonNullable<RealtimePrincipal["credentials"]> {
  if (auth.via === "session") {
    return [
      { kind: "session", id: auth.session.id },
      { kind: "user", id: auth.session.user.id },
    ];
  }
  return auth.actor.apiKeyId ? [{ kind: "apiKey", id: auth.actor.apiKeyId }] : [];
}

function isOwnOrigin(headers: Headers, publicUrl: string): boolean {
  const origin = headers.get("origin");
  return origin !== null && allowedOriginsFor({ headers }, publicUrl).includes(origin);
}
