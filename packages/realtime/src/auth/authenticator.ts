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
   * Set for a public dashboard link: only these data sources may be subscribed (the devices,
   * profiles and assets the dashboard's widgets name), so the link exposes only what the
   * dashboard shows.
   */
  allowedSources?: AllowedSources;
}

export interface AllowedSources {
  devices: string[];
  deviceProfiles: string[];
  assets: string[];
  /** Keys the dashboard shows; absent = any key (a widget shows every attribute). */
  keys?: string[];
}

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
