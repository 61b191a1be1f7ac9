import type { Config } from "@industryos/config";

/** Limits of the WebSocket API, from configuration (WS_* variables). */
export interface RealtimeLimits {
  /** Open sessions per tenant, counted across every web node (Redis). */
  maxSessionsPerTenant: number;
  /** Open sessions per user, counted across every web node (Redis). */
  maxSessionsPerUser: number;
  /** Active subscriptions on one connection. */
  maxSubscriptionsPerSession: number;
  /** Active subscriptions per tenant, counted across every web node (Redis). */
  maxSubscriptionsPerTenant: number;
  /** Active subscriptions per user, counted across every web node (Redis). */
  maxSubscriptionsPerUser: number;
  /** Entities an entity-query subscription may resolve to. */
  maxEntitiesPerSubscription: number;
  /** Messages per second one subscription may send; faster updates are merged. */
  maxUpdatesPerSecond: number;
  /** Points kept per key while a subscription waits to send; older ones are merged away. */
  maxPendingPointsPerKey: number;
  /** Bytes queued on a socket above which the server stops writing to it and keeps merging. */
  maxBufferedBytes: number;
  /** How long an unauthenticated connection may wait before sending `auth`. */
  authTimeoutMs: number;
  /**
   * How often an authenticated connection re-checks its credentials (revocation events re-check
   * at once; this catches events lost while Redis was away, expiry and changed access).
   */
  revalidateIntervalMs: number;
  /** How often an entity-query subscription looks for devices that joined or left its query. */
  queryRefreshMs: number;
}

export const DEFAULT_LIMITS: RealtimeLimits = {
  maxSessionsPerTenant: 1000,
  maxSessionsPerUser: 50,
  maxSubscriptionsPerSession: 100,
  maxSubscriptionsPerTenant: 20_000,
  maxSubscriptionsPerUser: 1000,
  maxEntitiesPerSubscription: 1000,
  maxUpdatesPerSecond: 10,
  maxPendingPointsPerKey: 1000,
  maxBufferedBytes: 1_048_576,
  authTimeoutMs: 10_000,
  queryRefreshMs: 30_000,
  revalidateIntervalMs: 60_000,
};

/** Limits from the validated environment. */
export function limitsFromConfig(config: Config): RealtimeLimits {
  return {
    ...DEFAULT_LIMITS,
    maxSessionsPerTenant: config.WS_MAX_SESSIONS_PER_TENANT,
    maxSessionsPerUser: config.WS_MAX_SESSIONS_PER_USER,
    maxSubscriptionsPerSession: config.WS_MAX_SUBSCRIPTIONS_PER_SESSION,
    maxSubscriptionsPerTenant: config.WS_MAX_SUBSCRIPTIONS_PER_TENANT,
    maxSubscriptionsPerUser: config.WS_MAX_SUBSCRIPTIONS_PER_USER,
    maxEntitiesPerSubscription: config.WS_MAX_ENTITIES_PER_SUBSCRIPTION,
    maxUpdatesPerSecond: config.WS_MAX_UPDATES_PER_SECOND,
    revalidateIntervalMs: config.WS_REVALIDATE_SECONDS * 1000,
  };
}
