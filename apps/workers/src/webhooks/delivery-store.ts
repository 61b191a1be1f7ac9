import { withPoolClient, type DatabaseClients } from "@industryos/db";
import { WEBHOOK_MAX_CONSECUTIVE_FAILURES, type AttemptResult } from "@industryos/api/webhooks";
import type pg from "pg";
import { byTenant, insertStatements, successStatements } from "./batch-statements.ts";
import { inTenantsOneRoundTrip } from "./tenants-in-one-round-trip.ts";

/** A delivery to record before its first attempt. */
export interface NewDelivery {
  id: string;
  tenantId: string;
  webhookId: string;
  eventId: string;
  eventType: string;
  /** The body's exact text (jsonb key order: what PostgreSQL gives back is the same text). */
  body: string;
  createdAt: Date;
}

/** One attempt's outcome to record. */
export interface AttemptRecord {
  tenantId: string;
  deliveryId: string;
  webhookId: string;
  result: AttemptResult;
  /** No retry is scheduled past this (24 h after the first attempt, or after a redelivery). */
  windowEndsAt: Date;
}

export type DeliveryStatus = "PENDING" | "SUCCEEDED" | "RETRYING" | "FAILED";

/** Where a delivery stands after an attempt was recorded. */
export interface RecordedAttempt {
  tenantId: string;
  deliveryId: string;
  webhookId: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: Date | null;
}

/** A webhook this recording disabled (its failed deliveries in a row reached WEBHOOK_MAX_CONSECUTIVE_FAILURES). */
export interface DisabledWebhook {
  tenantId: string;
  webhookId: string;
  url: string;
  reason: string;
  disabledAt: Date;
}

export interface DeliveryStore {
  /** Inserts the deliveries not recorded before (a redelivered stream entry's are); returns the ids inserted. */
  insert(rows: readonly NewDelivery[]): Promise<Set<string>>;
  /**
   * Records attempts: an attempt row each, the delivery's status (SUCCEEDED; RETRYING with its next
   * attempt after 30 s · 2^(attempts-1), at most 2 h apart, inside its window; else FAILED), and each
   * webhook's failed deliveries in a row (see failureCounts: a delivery counts once it gave up; a success
   * starts them afresh; at 20 the webhook is disabled and its deliveries still to be retried are FAILED).
   */
  recordAttempts(
    records: readonly AttemptRecord[],
  ): Promise<{ recorded: RecordedAttempt[]; disabled: DisabledWebhook[] }>;
  /** Deliveries that will not be attempted (their webhook was disabled or deleted meanwhile): FAILED with the reason. */
  markUnsent(rows: readonly { tenantId: string; deliveryId: string }[], reason: string): Promise<void>;
  /**
   * Deliveries no process is taking care of: PENDING ones untouched for `graceMs` (their dispatcher
   * stopped or crashed before the first attempt) and RETRYING ones whose next attempt is `graceMs`
   * overdue (their workflow was never started, or failed). Each is claimed (touched) so the next
   * sweep leaves it alone for `graceMs`; PENDING ones come with what sending them needs.
   */
  claimStalled(graceMs: number, limit: number): Promise<StalledDeliveries>;
}

export interface StalledDeliveries {
  pending: {
    tenantId: string;
    deliveryId: string;
    webhookId: string;
    eventType: string;
    body: string;
    url: string;
    secretEncrypted: string;
    webhookEnabled: boolean;
  }[];
  retrying: { tenantId: string; deliveryId: string }[];
}

/** First retry 30 s after a failed attempt, doubling, at most 2 h apart (Stripe-like; ~20 attempts in 24 h). */
export const RETRY_BASE_SECONDS = 30;
export const RETRY_MAX_SECONDS = 7_200;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Tenants whose rows are written at once, each on a connection of its own (the pool is shared with the chains). */
const PARALLEL_TENANTS = 4;

/**
 * Each tenant's rows in a transaction of its own over the application role's pool, with
 * `app.tenant_id` set first, so row-level security checks every row against its own tenant.
 * Tenants run side by side (a batch spans many; one after another, a batch waited for the sum
 * of their round trips), in id order. Not one transaction for the batch: when one tenant's write
 * fails the call throws, and the caller's retry finds the others' rows already there (the writes
 * are idempotent).
 */
async function perTenant<T extends { tenantId: string }, R>(
  pool: pg.Pool,
  rows: readonly T[],
  run: (client: pg.PoolClient, tenantId: string, rows: T[]) => Promise<R[]>,
): Promise<R[]> {
  const groups = byTenant(rows);
  const out: R[][] = new Array(groups.length);
  let next = 0;
  async function lane() {
    while (next < groups.length) {
      const i = next++;
      const [tenantId, group] = groups[i]!;
      // Inlined (a checked UUID) so BEGIN and the tenant go in one round trip.
      if (!UUID.test(tenantId)) throw new Error(`not a tenant id: ${tenantId}`);
      out[i] = await withPoolClient(
        pool,
        (client) => run(client, tenantId, group),
        `BEGIN; SELECT set_config('app.tenant_id', '${tenantId}', true)`,
      );
    }
  }
  await Promise.all(Array.from({ length: Math.min(PARALLEL_TENANTS, groups.length) }, lane));
  return out.flat();
}

/**
 * The batch's webhooks, locked before any of their deliveries (as the count below needs them), with whether they
 * are still enabled. NO KEY UPDATE: the deliveries' foreign-key checks (KEY SHARE) of concurrent inserts do not
 * wait on it. In id order, as every transaction takes them, so two recordings cannot deadlock.
 */
const LOCK_WEBHOOKS = `
SELECT id, enabled FROM "Webhook" WHERE id = ANY($1::uuid[]) ORDER BY id FOR NO KEY UPDATE`;

/** Each webhook's failed deliveries in a row after this batch, and whether that disables it (only an enabled one, once). */
const COUNT_FAILURES = `
WITH s AS (
  SELECT * FROM unnest($1::uuid[], $2::bool[], $3::int[], $4::int[], $5::text[])
    AS s(id, reset, tail, failures, last_error)
), old AS (
  -- Locked already (LOCK_WEBHOOKS), in the same transaction.
  SELECT w.id, w.enabled, w."consecutiveFailures" FROM "Webhook" w JOIN s ON s.id = w.id
), next AS (
  SELECT s.*, CASE WHEN s.reset THEN s.tail ELSE old."consecutiveFailures" + s.failures END AS count, old.enabled
  FROM s JOIN old ON old.id = s.id
)
UPDATE "Webhook" w SET
  "consecutiveFailures" = next.count,
  enabled = w.enabled AND next.count < $6,
  "disabledAt" = CASE WHEN w.enabled AND next.count >= $6 THEN now() ELSE w."disabledAt" END,
  "disabledReason" = CASE WHEN w.enabled AND next.count >= $6
    THEN next.count || ' deliveries failed in a row, each after its retries; the last error: ' || coalesce(next.last_error, 'no answer')
    ELSE w."disabledReason" END,
  "updatedAt" = CASE WHEN w.enabled AND next.count >= $6 THEN now() ELSE w."updatedAt" END
FROM next
WHERE w.id = next.id AND (next.failures > 0 OR w."consecutiveFailures" <> next.count)
RETURNING w.id, w.url, w.enabled, next.enabled AND NOT w.enabled AS disabled_now, w."disabledReason", w."disabledAt"`;

const RECORD = `
WITH r AS (
  SELECT * FROM unnest($2::uuid[], $3::bool[], $4::int[], $5::int[], $6::text[], $7::timestamptz[], $8::timestamptz[], $9::bool[])
    AS r(id, ok, code, duration, error, at, window_ends, webhook_off)
), u AS (
  UPDATE "WebhookDelivery" d SET
    attempts = d.attempts + 1,
    status = (CASE
      WHEN r.ok THEN 'SUCCEEDED'
      WHEN r.webhook_off OR r.at + least(${RETRY_BASE_SECONDS} * power(2, d.attempts), ${RETRY_MAX_SECONDS}) * interval '1 second' > r.window_ends
        THEN 'FAILED'
      ELSE 'RETRYING' END)::"WebhookDeliveryStatus",
    "nextAttemptAt" = CASE
      WHEN r.ok OR r.webhook_off OR r.at + least(${RETRY_BASE_SECONDS} * power(2, d.attempts), ${RETRY_MAX_SECONDS}) * interval '1 second' > r.window_ends
        THEN NULL
      ELSE r.at + least(${RETRY_BASE_SECONDS} * power(2, d.attempts), ${RETRY_MAX_SECONDS}) * interval '1 second' END,
    "lastStatusCode" = r.code,
    "lastError" = r.error,
    "lastDurationMs" = r.duration,
    "deliveredAt" = CASE WHEN r.ok THEN r.at ELSE d."deliveredAt" END,
    "updatedAt" = now()
  FROM r WHERE d.id = r.id
  RETURNING d.id, d."webhookId", d.attempts, d.status, d."nextAttemptAt", r.code, r.duration, r.error, r.at
), ins AS (
  INSERT INTO "WebhookDeliveryAttempt" ("tenantId", "deliveryId", attempt, "statusCode", "durationMs", error, "createdAt")
  SELECT $1::uuid, u.id, u.attempts, u.code, u.duration, u.error, u.at FROM u
  ON CONFLICT DO NOTHING
)
SELECT id, "webhookId", attempts, status, "nextAttemptAt" FROM u`;

/**
 * Per webhook: did any delivery succeed, failed deliveries after the last success, failed deliveries in all, the
 * last error. A delivery counts as failed when it gave up (FAILED: its retries ran out of their 24-hour window),
 * not at each failed attempt: the "after 20 consecutive failed deliveries" follows "retried with exponential
 * backoff for up to 24 hours", so a delivery has failed only once it is no longer retried. Counting attempts (or
 * deliveries whose latest attempt failed) disabled a busy webhook after a few seconds of receiver outage: every
 * delivery in flight then fails its first attempt, and all of them would have arrived on their retries. An attempt
 * still to be retried (RETRYING) does not count either way. Only enabled webhooks are counted (`counted`).
 */
function failureCounts(
  outcomes: readonly { webhookId: string; status: DeliveryStatus; at: Date; error: string | null }[],
  counted: (webhookId: string) => boolean,
) {
  const sorted = [...outcomes].sort((a, b) => a.at.getTime() - b.at.getTime());
  const counts = new Map<string, { reset: boolean; trailing: number; failures: number; lastError: string | null }>();
  for (const { webhookId, status, error } of sorted) {
    if (!counted(webhookId) || (status !== "SUCCEEDED" && status !== "FAILED")) continue;
    const c = counts.get(webhookId) ?? { reset: false, trailing: 0, failures: 0, lastError: null };
    if (status === "SUCCEEDED") {
      c.reset = true;
      c.trailing = 0;
    } else {
      c.failures++;
      c.trailing++;
      c.lastError = error;
    }
    counts.set(webhookId, c);
  }
  return counts;
}

/**
 * `pool`: where the batches run. The dispatcher gives them a small pool of their own (same role
 * and database as `db.appPool`): on the shared one, thousands of deliveries a second queued
 * behind the chains' transactions, and the rule engine's lanes waited for both.
 */
export function createDeliveryStore(db: DatabaseClients, pool: pg.Pool = db.appPool): DeliveryStore {
  return {
    async insert(rows) {
      const inserted = await inTenantsOneRoundTrip<{ id: string }>(pool, insertStatements(rows));
      return new Set(inserted.flat().map((r) => r.id));
    },

    async recordAttempts(records) {
      const disabled: DisabledWebhook[] = [];
      // Tenants whose attempts all succeeded (nearly all, usually): one round trip for all of them.
      const tenants = byTenant(records);
      const succeeded = tenants.filter(([, group]) => group.every((r) => r.result.succeeded));
      const others = tenants.filter(([, group]) => !group.every((r) => r.result.succeeded)).flatMap(([, g]) => g);
      const successes = inTenantsOneRoundTrip<{ id: string; webhookId: string; attempts: number }>(
        pool,
        successStatements(succeeded),
      ).then((results) =>
        results.flatMap((rows, i) =>
          rows.map((row): RecordedAttempt => ({
            tenantId: succeeded[i]![0],
            deliveryId: row.id,
            webhookId: row.webhookId,
            status: "SUCCEEDED",
            attempts: row.attempts,
            nextAttemptAt: null,
          })),
        ),
      );
      const mixed = perTenant(pool, others, async (client, tenantId, unsorted) => {
        // Deliveries locked in id order, after their webhooks (see LOCK_WEBHOOKS).
        const group = [...unsorted].sort((a, b) => (a.deliveryId < b.deliveryId ? -1 : 1));
        const { rows: locked } = await client.query<{ id: string; enabled: boolean }>(LOCK_WEBHOOKS, [
          [...new Set(group.map((r) => r.webhookId))].sort(),
        ]);
        // Disabled meanwhile: their failed attempts are not retried.
        const off = new Set(locked.filter((w) => !w.enabled).map((w) => w.id));
        const { rows } = await client.query<{
          id: string;
          webhookId: string;
          attempts: number;
          status: DeliveryStatus;
          nextAttemptAt: Date | null;
        }>(RECORD, [
          tenantId,
          group.map((r) => r.deliveryId),
          group.map((r) => r.result.succeeded),
          group.map((r) => r.result.statusCode),
          group.map((r) => r.result.durationMs),
          group.map((r) => r.result.error),
          group.map((r) => r.result.at),
          group.map((r) => r.windowEndsAt),
          group.map((r) => off.has(r.webhookId)),
        ]);
        const byId = new Map(group.map((r) => [r.deliveryId, r]));
        const counts = failureCounts(
          rows.map((row) => ({
            webhookId: row.webhookId,
            status: row.status,
            at: byId.get(row.id)!.result.at,
            error: byId.get(row.id)!.result.error,
          })),
          (webhookId) => !off.has(webhookId),
        );
        const webhookIds = [...counts.keys()].sort();
        const { rows: webhooks } =
          webhookIds.length === 0
            ? { rows: [] }
            : await client.query<{
                id: string;
                url: string;
                enabled: boolean;
                disabled_now: boolean;
                disabledReason: string | null;
                disabledAt: Date | null;
              }>(COUNT_FAILURES, [
                webhookIds,
                webhookIds.map((id) => counts.get(id)!.reset),
                webhookIds.map((id) => counts.get(id)!.trailing),
                webhookIds.map((id) => counts.get(id)!.failures),
                webhookIds.map((id) => counts.get(id)!.lastError),
                WEBHOOK_MAX_CONSECUTIVE_FAILURES,
              ]);
        const disabledNow = webhooks.filter((w) => w.disabled_now).map((w) => w.id);
        // Their scheduled retries (this batch's included) will not happen: say so now rather than at each one's next attempt.
        const calledOff = new Set<string>();
        if (disabledNow.length > 0) {
          const { rows: failedNow } = await client.query<{ id: string }>(
            `UPDATE "WebhookDelivery" SET status = 'FAILED', "nextAttemptAt" = NULL, "updatedAt" = now(),
               "lastError" = coalesce("lastError" || '; ', '') || 'not retried: the webhook was disabled'
             WHERE "webhookId" = ANY($1::uuid[]) AND status IN ('PENDING', 'RETRYING')
             RETURNING id`,
            [disabledNow],
          );
          for (const row of failedNow) calledOff.add(row.id);
        }
        for (const w of webhooks)
          if (w.disabled_now)
            disabled.push({
              tenantId,
              webhookId: w.id,
              url: w.url,
              reason: w.disabledReason ?? "",
              disabledAt: w.disabledAt ?? new Date(),
            });
        return rows.map((row): RecordedAttempt => ({
          tenantId,
          deliveryId: row.id,
          webhookId: row.webhookId,
          status: calledOff.has(row.id) ? "FAILED" : row.status,
          attempts: row.attempts,
          nextAttemptAt: calledOff.has(row.id) ? null : row.nextAttemptAt,
        }));
      });
      const [done, rest] = await Promise.all([successes, mixed]);
      return { recorded: [...done, ...rest], disabled };
    },

    async claimStalled(graceMs, limit) {
      // Which tenants have any is platform-wide knowledge (ids only); each tenant's rows are then
      // claimed and read under its own row-level security.
      const { rows: found } = await db.systemPool.query<{ tenantId: string; id: string; status: DeliveryStatus }>(
        `(SELECT "tenantId", id, status FROM "WebhookDelivery"
           WHERE status = 'PENDING' AND "updatedAt" < now() - $1 * interval '1 millisecond' LIMIT $2)
         UNION ALL
         (SELECT "tenantId", id, status FROM "WebhookDelivery"
           WHERE status = 'RETRYING' AND "nextAttemptAt" < now() - $1 * interval '1 millisecond' LIMIT $2)`,
        [graceMs, limit],
      );
      const claimed = await perTenant(pool, found, async (client, _tenantId, group) => {
        const { rows } = await client.query<{
          tenantId: string;
          id: string;
          status: DeliveryStatus;
          webhookId: string;
          eventType: string;
          body: string;
          url: string;
          secretEncrypted: string;
          enabled: boolean;
        }>(
          `UPDATE "WebhookDelivery" d SET
               "updatedAt" = now(),
               "nextAttemptAt" = CASE WHEN d.status = 'RETRYING' THEN now() ELSE d."nextAttemptAt" END
             FROM "Webhook" w
             WHERE d.id = ANY($1::uuid[]) AND w.id = d."webhookId" AND d.status IN ('PENDING', 'RETRYING')
               AND CASE WHEN d.status = 'PENDING' THEN d."updatedAt" ELSE d."nextAttemptAt" END
                   < now() - $2 * interval '1 millisecond'
             RETURNING d."tenantId", d.id, d.status, d."webhookId", d."eventType", d.payload::text AS body,
               w.url, w."secretEncrypted", w.enabled`,
          [group.map((g) => g.id), graceMs],
        );
        return rows;
      });
      return {
        pending: claimed
          .filter((r) => r.status === "PENDING")
          .map((r) => ({
            tenantId: r.tenantId,
            deliveryId: r.id,
            webhookId: r.webhookId,
            eventType: r.eventType,
            // jsonb's text is not JSON.stringify's (spaces after ":" and ","): the body is re-serialised.
            body: JSON.stringify(JSON.parse(r.body)),
            url: r.url,
            secretEncrypted: r.secretEncrypted,
            webhookEnabled: r.enabled,
          })),
        retrying: claimed
          .filter((r) => r.status === "RETRYING")
          .map((r) => ({ tenantId: r.tenantId, deliveryId: r.id })),
      };
    },

    async markUnsent(rows, reason) {
      await perTenant(pool, rows, async (client, _tenantId, group) => {
        await client.query(
          `UPDATE "WebhookDelivery" SET status = 'FAILED', "lastError" = $2, "nextAttemptAt" = NULL, "updatedAt" = now()
           WHERE id = ANY($1::uuid[]) AND status <> 'SUCCEEDED'`,
          [group.map((r) => r.deliveryId), reason],
        );
        return [];
      });
    },
  };
}
