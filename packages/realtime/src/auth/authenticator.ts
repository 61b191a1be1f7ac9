import type { AttributeScopeName, EntityQuery, EntityRef, TimeWindow } from "../protocol/index.ts";
import type { RevokedCredential } from "../revocation.ts";

/**
 * Who is on the other end of a connection. Every subscription is limited to `tenantId`, and to
 * the devices of `customerId` when it is set (customer users and public dashboards).
 */
export interface RealtimePrincipal {
  tenantId: string;
  userId?: string;
  customerId?: string;
  scopes: string[];
  /**
   * Set for a public dashboard link: exactly what its widgets read, and nothing else (see
   * `auth/public-access.ts`): each widget's data source, kind of data, attribute scope, keys and
   * time window.
   */
  allowedSources?: AllowedSource[];
  /**
   * The credentials this connection stands on (its session, user, API key or dashboard): a
   * revocation event naming one of them makes the connection re-check its credentials at once.
   */
  credentials?: RevokedCredential[];
}

/** A widget's data source as a subscription names it: one entity, or the devices a query matches. */
export type NamedSource = { entity: EntityRef } | { query: EntityQuery };

/** One widget of a public dashboard: the one source it reads, and what it reads from it. */
export interface AllowedSource {
  /**
   * `entityOf`: a detail state's "entity from state" widget, which reads whichever device the state
   * was opened for: any one device of these sources (the map and table widgets that open the state),
   * checked against the database when it subscribes (`auth/entity-from-state.ts`).
   */
  source: NamedSource | { entityOf: NamedSource[] };
  read: AllowedRead;
}

export type AllowedRead =
  /** Value, gauge and table widgets: the latest values of these keys. */
  | { type: "latest"; keys: string[] }
  /** Chart widgets: these keys within the dashboard's time window (a rolling `lastMs` or a fixed range). */
  | { type: "timeseries"; keys: string[]; window: TimeWindow }
  /** Attribute widgets: one scope, these keys (every key of the scope when absent). */
  | { type: "attributes"; scope: AttributeScopeName; keys?: string[] };

/** What the authenticator is asked to check: the upgrade request's headers, or the first message. */
export type AuthenticationInput =
  | { kind: "upgrade"; headers: Headers }
  | { kind: "apiKey"; apiKey: string }
  | { kind: "publicDashboard"; publicId: string };

/**
 * Injected by the web process, which owns sessions and API keys. Resolves to null when the
 * credentials are missing or not valid (it should not throw for a bad credential).
 */
export type Authenticator = (input: AuthenticationInput) => Promise<RealtimePrincipal | null>;

/** Copies Node's incoming headers into a WHATWG `Headers`, the form the web process's auth code reads. */
export function toHeaders(raw: Record<string, string | string[] | undefined>): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  return headers;
}
