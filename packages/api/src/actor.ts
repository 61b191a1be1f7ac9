import type { UserRole } from "@industryos/db";

/** Who is calling: a signed-in user or an API key acting for its tenant. */
export interface Actor {
  userId: string | null;
  email: string | null;
  role: UserRole;
  tenantId: string | null;
  customerId: string | null;
  /** Set when the call is authenticated by an API key. */
  apiKeyId?: string;
  /** Set when the call is authenticated by a session cookie. */
  sessionId?: string;
  /** Set when the call is authenticated by an edge's key and secret (edge sync operations only). */
  edgeId?: string;
  /** API key scopes: "read" keys may not change anything. */
  scopes?: string[];
}

/** The arguments every tenant service takes: the tenant is explicit, never ambient. */
export interface TenantScope {
  tenantId: string;
  actor: Actor;
}
