import type { DatabaseClients } from "@industryos/db";
import type { Logger } from "@industryos/runtime";

/**
 * Which tenants have an enabled webhook at all: platform-wide knowledge (read with the system
 * client, ids only), so the dispatcher can pass over every other tenant's stream entries without
 * decoding them. Read again every `ttlMs` and on every webhook change; while a read fails, the
 * last answer stands (at first: every tenant may have webhooks, decided per tenant then).
 */
export function createWebhookTenants(db: DatabaseClients, logger: Logger, ttlMs = 30_000) {
  let known: Set<string> | null = null;
  let readAt = 0;
  let reading: Promise<Set<string>> | null = null;

  function read(): Promise<Set<string>> {
    reading ??= db.system.webhook
      .findMany({ where: { enabled: true }, select: { tenantId: true }, distinct: ["tenantId"] })
      .then(
        (rows) => {
          known = new Set(rows.map((r) => r.tenantId));
          readAt = Date.now();
          return known;
        },
        (error: unknown) => {
          logger.warn({ err: error }, "tenants with webhooks not read; using the last answer");
          readAt = Date.now() - ttlMs / 2;
          if (!known) throw error;
          return known;
        },
      )
      .finally(() => (reading = null));
    return reading;
  }

  return {
    current(): Promise<Set<string>> {
      if (known && Date.now() - readAt < ttlMs) return Promise.resolve(known);
      return read();
    },
    /** A webhook changed somewhere: read again on the next look. */
    refresh() {
      readAt = 0;
    },
  };
}
