import type { Actor } from "../actor.ts";
import type { ApiDeps } from "../deps.ts";
import { unauthorized } from "../errors.ts";
import { readCookie, SESSION_COOKIE } from "./cookies.ts";
import { validateSessionToken, type ValidSession } from "./sessions.ts";
import { hashSecret } from "./tokens.ts";

export const API_KEY_PREFIX = "iok_";

export type Authentication = { via: "session"; actor: Actor; session: ValidSession } | { via: "api-key"; actor: Actor };

/**
 * Resolves the caller once per request: an API key in `Authorization: Bearer`, else the
 * session cookie. A present-but-bad API key is an error (the integrator must hear about it);
 * a stale cookie just means "not signed in".
 */
export async function authenticate(deps: ApiDeps, headers: Headers): Promise<Authentication | null> {
  const authorization = headers.get("authorization");
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match?.[1]) throw unauthorized("The Authorization header must be `Bearer <api key>`");
    return authenticateApiKey(deps, match[1]);
  }
  const token = readCookie(headers.get("cookie"), SESSION_COOKIE);
  if (!token) return null;
  const session = await validateSessionToken(deps.db.system, token);
  if (!session) return null;
  const { user } = session;
  return {
    via: "session",
    session,
    actor: {
      userId: user.id,
      email: user.email,
      role: user.role,
      tenantId: user.tenantId,
      customerId: user.customerId,
      sessionId: session.id,
    },
  };
}

async function authenticateApiKey(deps: ApiDeps, key: string): Promise<Authentication> {
  const row = await deps.db.system.apiKey.findUnique({ where: { keyHash: hashSecret(key) } });
  if (!row || row.revokedAt) throw unauthorized("This API key is not valid");
  if (row.expiresAt && row.expiresAt.getTime() <= Date.now()) throw unauthorized("This API key has expired");
  // Record use at most once a minute: the list shows "last used", not an access log.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await deps.db.system.apiKey.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  }
  return {
    via: "api-key",
    actor: {
      userId: null,
      email: null,
      role: "TENANT_ADMIN",
      tenantId: row.tenantId,
      customerId: null,
      apiKeyId: row.id,
      scopes: row.scopes,
    },
  };
}
