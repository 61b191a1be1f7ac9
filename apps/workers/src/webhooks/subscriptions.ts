import type { DatabaseClients } from "@industryos/db";
import type { Logger, SecretBox } from "@industryos/runtime";

/** An enabled webhook as the dispatcher sends to it: its secret already opened. */
export interface Subscription {
  id: string;
  tenantId: string;
  url: string;
  events: string[];
  secret: string;
}

export interface SubscriptionCache {
  /** The tenant's enabled webhooks (cached; one query per tenant per `ttlMs`, concurrent askers share it). */
  forTenant(tenantId: string): Promise<Subscription[]>;
  /** Whether a webhook is still enabled as far as this process knows (queued deliveries are checked before sending). */
  isEnabled(tenantId: string, webhookId: string): boolean;
  /** Drops one tenant's webhooks (a change message), or everyone's (a reconnect: changes may have been missed). */
  forget(tenantId?: string): void;
  /** Marks a webhook disabled here at once (this process disabled it; the change message tells the others). */
  disable(tenantId: string, webhookId: string): void;
}

const MAX_TENANTS = 100_000;

/**
 * The tenants' enabled webhooks, read under each tenant's row-level security and kept for
 * `ttlMs` (a minute by default: the longest a missed change message can matter), dropped on
 * WEBHOOKS_CHANGED_CHANNEL. A secret that cannot be opened (a key removed from
 * SECRETS_PREVIOUS_KEYS) leaves its webhook out, with an error in the log.
 */
export function createSubscriptionCache(
  db: DatabaseClients,
  secrets: SecretBox,
  logger: Logger,
  ttlMs = 60_000,
): SubscriptionCache {
  const cache = new Map<string, { expires: number; list: Promise<Subscription[]>; ids?: Set<string> }>();

  async function load(tenantId: string): Promise<Subscription[]> {
    const rows = await db.forTenant(tenantId).webhook.findMany({
      where: { enabled: true },
      select: { id: true, url: true, events: true, secretEncrypted: true },
    });
    const list: Subscription[] = [];
    for (const row of rows) {
      try {
        list.push({
          id: row.id,
          tenantId,
          url: row.url,
          events: row.events,
          secret: secrets.open(row.secretEncrypted),
        });
      } catch (error) {
        logger.error({ err: error, tenantId, webhookId: row.id }, "webhook secret cannot be opened; not sending to it");
      }
    }
    return list;
  }

  return {
    forTenant(tenantId) {
      const now = Date.now();
      const hit = cache.get(tenantId);
      if (hit && hit.expires > now) return hit.list;
      if (cache.size >= MAX_TENANTS) cache.clear();
      const entry: { expires: number; list: Promise<Subscription[]>; ids?: Set<string> } = {
        expires: now + ttlMs,
        list: load(tenantId),
      };
      entry.list.then(
        (list) => (entry.ids = new Set(list.map((s) => s.id))),
        () => cache.get(tenantId) === entry && cache.delete(tenantId),
      );
      cache.set(tenantId, entry);
      return entry.list;
    },
    isEnabled(tenantId, webhookId) {
      const ids = cache.get(tenantId)?.ids;
      return ids ? ids.has(webhookId) : true;
    },
    forget(tenantId) {
      if (tenantId === undefined) cache.clear();
      else cache.delete(tenantId);
    },
    disable(tenantId, webhookId) {
      cache.get(tenantId)?.ids?.delete(webhookId);
      const entry = cache.get(tenantId);
      if (entry) entry.list = entry.list.then((list) => list.filter((s) => s.id !== webhookId));
    },
  };
}
