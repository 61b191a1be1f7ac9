import type { Actor } from "../actor.ts";
import type { ApiDeps } from "../deps.ts";
import { unauthorized } from "../errors.ts";
import { readCookie, SESSION_COOKIE } from "./cookies.ts";
import { validateSessionToken, type ValidSession } from "./sessions.ts";
import { hashSecret, secretsEqual } from "./tokens.ts";

export const API_KEY_PREFIX = "iok_";

export type Authentication =
  | { via: "session"; actor: Actor; session: ValidSession }
  | { via: "api-key"; actor: Actor }
  | { via: "edge"; actor: Actor; edgeId: string };

/**
 * Resolves the caller once per request: an API key in `Authorization: Bearer`, else the
 * session cookie. A present-but-bad API key is an error (the integrator must hear about it);
 * a stale cookie just means "not signed in".
 */
export async function authenticate(deps: ApiDeps, headers: Headers): Promise<Authentication | null> {
  const authorization = headers.get("authorization");
  if (authorization) {
    const edge = /^Edge\s+([^:\s]+):(\S+)$/i.exec(authorization);
    if (edge) return authenticateEdge(deps, edge[1]!, edge[2]!);
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match?.[1])
      throw unauthorized("The Authorization header must be `Bearer <api key>` (or `Edge <key>:<secret>`)");
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

/**
 * An edge instance (EDGE_KEY:EDGE_SECRET): it acts for its tenant, and only on the edge sync operations
 * (runOperation refuses it everything else).
 */
async function authenticateEdge(deps: ApiDeps, routingKey: string, secret: string): Promise<Authentication> {
  const row = await deps.db.system.edge.findUnique({ where: { routingKey } });
  if (!row || !secretsEqual(row.secretHash, hashSecret(secret)))
    throw unauthorized("This edge key and secret are not valid");
  if (!row.lastSeenAt || Date.now() - row.lastSeenAt.getTime() > 60_000) {
    await deps.db.system.edge.update({ where: { id: row.id }, data: { lastSeenAt: new Date() } });
  }
  return {
    via: "edge",
    edgeId: row.id,
    actor: {
      userId: null,
      email: null,
      role: "TENANT_ADMIN",
      tenantId: row.tenantId,
      customerId: null,
      edgeId: row.id,
    },
  };
}
