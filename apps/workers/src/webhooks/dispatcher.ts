import { duplicateRedisClient, type Logger, type RedisClient, type SecretBox } from "@industryos/runtime";
import pg from "pg";
import type { Registry } from "prom-client";
import type { DatabaseClients } from "@industryos/db";
import {
  attemptDelivery,
  subscribes,
  webhookPayload,
  WEBHOOKS_CHANGED_CHANNEL,
  type WebhookEventBody,
} from "@industryos/api/webhooks";
import { createOutboundClient } from "@industryos/outbound-http";
import type { LazyTemporalClient } from "@industryos/temporal-client";
import { createDeviceDirectory, type DeviceDirectory } from "../rules/device-directory.ts";
import { entryMessages } from "../rules/entry-messages.ts";
import type { StreamEntry } from "../rules/entry-processor.ts";
import { createDeliveryStore, type AttemptRecord, type DeliveryStore, type NewDelivery } from "./delivery-store.ts";
import { notifyWebhookDisabled } from "./disabled-notice.ts";
import { FairSender, type QueuedDelivery } from "./fair-sender.ts";
import { groupCommit } from "./group-commit.ts";
import { alarmEventIdOf, deliveryIdOf, eventIdOf } from "./ids.ts";
import { createWebhookMetrics } from "./metrics.ts";
import { createRetryHandoff } from "./retry-handoff.ts";
import { createSubscriptionCache, type Subscription } from "./subscriptions.ts";
import { createWebhookTenants } from "./webhook-tenants.ts";
import { webhookEventsOf } from "./webhook-events.ts";

export interface WebhookDispatcherSettings {
  /** First attempts in flight at once (default 256). */
  concurrency: number;
  /** ... to one webhook (default 32). */
  perWebhook: number;
  /** Deliveries queued or in flight before the rule engine waits (backpressure; default 20,000). */
  maxQueued: number;
  /** How long a first attempt may take (default 10 s, the contract's). */
  timeoutMs: number;
  /** Retries are scheduled within this window after the first attempt (default 24 h). */
  retryWindowMs: number;
  /** How often one process looks for deliveries nobody is taking care of (default 30 s; 0: never). */
  sweepIntervalMs: number;
  /** How long a delivery may wait unattended before the sweep takes it (default 2 min). */
  sweepGraceMs: number;
}

export interface WebhookDispatcherDeps {
  db: DatabaseClients;
  redis: RedisClient;
  logger: Logger;
  secrets: SecretBox;
  /** Where failed deliveries are retried; without it they stay RETRYING until a dispatcher with one sweeps them. */
  temporal: LazyTemporalClient | null;
  /** WEBHOOKS_ALLOW_PRIVATE_NETWORKS. */
  allowPrivateNetworks: boolean;
  registry?: Registry;
  settings?: Partial<WebhookDispatcherSettings>;
  /** Default: over `db`. */
  store?: DeliveryStore;
  /** Device names for event bodies (default: a directory of its own); the rule engine's, so one lookup serves both. */
  devices?: Pick<DeviceDirectory, "get">;
}

export interface WebhookDispatcher {
  /**
   * Records the deliveries of one rule-engine stream entry (the rule engine calls it as the entry's
   * chains start, and acknowledges the entry, in stream order, only after this resolves) and queues
   * their first attempts. Waits while too much is queued or waiting to be recorded. Throws when the
   * deliveries cannot be recorded: the entry then stays pending and is read again (recording it
   * twice changes nothing).
   */
  record(entry: StreamEntry): Promise<void>;
  /**
   * Records and queues the deliveries of alarm events as they happen (`["msgs", <entry text>]`, see
   * rules/alarm-fast-path.ts), ahead of their stream entry; that entry's record() then finds them
   * recorded and sends nothing twice.
   */
  recordAlarmEvents(fields: string[]): Promise<void>;
  /** Deliveries queued or in flight. */
  readonly backlog: number;
  /**
   * Takes over deliveries nobody is taking care of (see DeliveryStore.claimStalled): PENDING ones
   * are sent from here, RETRYING ones get their workflow started. Runs every `sweepIntervalMs` in
   * one process; callable directly (tests). Returns how many of each it took.
   */
  sweep(): Promise<{ pending: number; retrying: number }>;
  /** Resolves once everything queued was attempted and recorded (tests, benchmarks). */
  settled(timeoutMs?: number): Promise<void>;
  /** Stops: attempts in flight finish (up to `timeoutMs`) and are recorded; unsent ones stay PENDING for the sweeper. */
  stop(timeoutMs?: number): Promise<void>;
}

const DEFAULTS: WebhookDispatcherSettings = {
  concurrency: 256,
  perWebhook: 32,
  maxQueued: 20_000,
  timeoutMs: 10_000,
  retryWindowMs: 24 * 3_600_000,
  sweepIntervalMs: 30_000,
  sweepGraceMs: 120_000,
};

/** Events an integrator acts on (alarms, devices, RPC answers): not telemetry's or attributes' steady stream. */
const isUrgent = (type: string) => type !== "telemetry" && type !== "attributes";

/** One sweeping process at a time, across all workers processes. */
const SWEEP_LOCK = "webhooks:sweep-lock";

/**
 * Integrator webhooks fed by the rule-engine streams: for each stream message, the events it
 * stands for (webhook-events.ts) go to the tenant's enabled webhooks subscribed to them. Each
 * delivery is first written (one batched INSERT for many entries), only then is the entry
 * acknowledged, and then it is POSTed here directly — a workflow per delivery would not keep up
 * with telemetry. Attempts are recorded in batches; a failed one becomes a Temporal workflow that
 * retries with backoff for 24 h (retry-handoff.ts). At least once: a crash before the first
 * attempt leaves the delivery PENDING, and the sweeper sends it.
 */
export function startWebhookDispatcher(deps: WebhookDispatcherDeps): WebhookDispatcher {
  const settings = { ...DEFAULTS, ...deps.settings };
  const logger = deps.logger.child({ component: "webhooks" });
  // The batches' own connections (see createDeliveryStore): same role and database as the app pool.
  const ownPool = deps.store ? null : new pg.Pool({ ...deps.db.appPool.options, max: 6 });
  ownPool?.on("error", () => undefined);
  const store = deps.store ?? createDeliveryStore(deps.db, ownPool!);
  const metrics = createWebhookMetrics(deps.registry);
  const subscriptions = createSubscriptionCache(deps.db, deps.secrets, logger);
  const tenants = createWebhookTenants(deps.db, logger);
  const devices = deps.devices ?? createDeviceDirectory(deps.db, 30_000);
  const client = createOutboundClient({
    allowPrivateNetworks: deps.allowPrivateNetworks,
    timeoutMs: settings.timeoutMs,
    maxResponseBytes: 16 * 1024,
    keepAlive: true,
    // As many as may be in flight: FairSender bounds each webhook, and many webhooks may share a receiver.
    maxSocketsPerOrigin: settings.concurrency,
  });
  const handoff = deps.temporal ? createRetryHandoff(deps.temporal, logger) : null;
  let stopping = false;

  /** Work that follows a flush (a disabled webhook's notice), awaited by settled() and stop(). */
  const background = new Set<Promise<unknown>>();
  function inBackground(work: Promise<unknown>) {
    background.add(work);
    void work.finally(() => background.delete(work));
  }

  const inserts = groupCommit((rows: NewDelivery[]) => store.insert(rows), 5_000);
  // Urgent events' rows (alarms and the like: few) in batches of their own, beside the telemetry's
  // thousands rather than after them.
  const urgentInserts = groupCommit((rows: NewDelivery[]) => store.insert(rows), 500);

  const results = groupCommit(async (records: AttemptRecord[]) => {
    const { recorded, disabled } = await store.recordAttempts(records);
    metrics.recorded(recorded);
    const retries = recorded.filter((r) => r.status === "RETRYING" && r.nextAttemptAt);
    handoff?.hand(
      retries.map((r) => ({ tenantId: r.tenantId, deliveryId: r.deliveryId, attemptAt: r.nextAttemptAt!.getTime() })),
    );
    for (const webhook of disabled) inBackground(webhookDisabled(webhook.tenantId, webhook.webhookId, webhook));
  }, 2_000);

  async function webhookDisabled(
    tenantId: string,
    webhookId: string,
    notice?: Parameters<typeof notifyWebhookDisabled>[1],
  ) {
    subscriptions.disable(tenantId, webhookId);
    const unsent = sender.drain(webhookId);
    if (unsent.length > 0)
      await store
        .markUnsent(unsent, "not sent: the webhook was disabled")
        .catch((error: unknown) => logger.warn({ err: error, webhookId }, "unsent deliveries not marked"));
    if (!notice) return;
    logger.warn({ tenantId, webhookId, reason: notice.reason }, "webhook disabled after failed deliveries");
    await deps.redis.publish(WEBHOOKS_CHANGED_CHANNEL, JSON.stringify({ tenantId })).catch(() => undefined);
    await notifyWebhookDisabled({ db: deps.db, temporal: deps.temporal, logger }, notice).catch((error: unknown) =>
      logger.error({ err: error, tenantId, webhookId }, "tenant admins not notified of a disabled webhook"),
    );
  }

  const windowEnd = () => new Date(Date.now() + settings.retryWindowMs);

  const sender = new FairSender(settings, async (delivery: QueuedDelivery) => {
    if (!subscriptions.isEnabled(delivery.tenantId, delivery.webhookId)) {
      await store
        .markUnsent([delivery], "not sent: the webhook was disabled or deleted")
        .catch((error: unknown) => logger.warn({ err: error }, "unsent delivery not marked"));
      return;
    }
    const result = await attemptDelivery(client, delivery, {
      id: delivery.deliveryId,
      eventType: delivery.eventType,
      body: delivery.body,
    });
    metrics.attempted(result);
    const recording = results
      .add([{ ...delivery, result, windowEndsAt: windowEnd() }])
      .catch((error: unknown) =>
        logger.error(
          { err: error, deliveryId: delivery.deliveryId },
          "webhook attempt not recorded; the delivery stays PENDING for the sweeper",
        ),
      );
    // A success frees its slot at once (the recording follows in a batch); a failure holds it until
    // recorded, so the webhook's next attempt goes out only after the failure was recorded (and, once its
    // failed deliveries disabled the webhook, its queued deliveries are not sent).
    if (!result.succeeded) await recording;
  });
  metrics.backlog(() => sender.size);

  /** The deliveries of an entry's messages: per event, one per enabled webhook of its tenant subscribed to its type. */
  async function deliveriesOf(entry: StreamEntry): Promise<{ row: NewDelivery; to: Subscription; urgent: boolean }[]> {
    const withWebhooks = await tenants.current();
    if (withWebhooks.size === 0) return [];
    const text = entry.fields[entry.fields.indexOf("msgs") + 1] ?? "";
    // Most entries are of tenants without webhooks: skip decoding those.
    let mentioned = false;
    for (const tenantId of withWebhooks)
      if (text.includes(tenantId)) {
        mentioned = true;
        break;
      }
    if (!mentioned) return [];
    const out: { row: NewDelivery; to: Subscription; urgent: boolean }[] = [];
    const items = entryMessages(entry.fields);
    for (let index = 0; index < items.length; index++) {
      const item = items[index]!;
      if ("error" in item) continue;
      const message = item.decoded as { tenantId?: unknown };
      const tenantId = typeof message.tenantId === "string" ? message.tenantId : null;
      if (!tenantId || !withWebhooks.has(tenantId)) continue;
      const events = webhookEventsOf(message);
      if (events.length === 0) continue;
      const subs = await subscriptions.forTenant(tenantId);
      for (let sub = 0; sub < events.length; sub++) {
        const event = events[sub]!;
        const targets = subs.filter((s) => subscribes(s.events, event.type));
        if (targets.length === 0) continue;
        if (event.deviceId) {
          const device = await devices.get(tenantId, event.deviceId);
          event.data = { deviceId: event.deviceId, deviceName: device?.name ?? null, ...event.data };
        }
        const eventId =
          event.type.startsWith("alarm.") && typeof event.data.id === "string"
            ? alarmEventIdOf(event.type, event.data.id, event.at, JSON.stringify(event.data))
            : eventIdOf(entry.stream, entry.id, index, sub);
        const body: WebhookEventBody = {
          id: eventId,
          type: event.type,
          tenantId,
          createdAt: new Date(event.at).toISOString(),
          data: event.data,
        };
        const { text: bodyText } = webhookPayload(body);
        const createdAt = new Date(event.at);
        const urgent = isUrgent(event.type);
        for (const to of targets)
          out.push({
            to,
            urgent,
            row: {
              id: deliveryIdOf(to.id, eventId),
              tenantId,
              webhookId: to.id,
              eventId,
              eventType: event.type,
              body: bodyText,
              createdAt,
            },
          });
      }
    }
    return out;
  }

  /** Writes deliveries not recorded before and queues their first attempts. */
  async function recordDeliveries(deliveries: { row: NewDelivery; to: Subscription; urgent: boolean }[]) {
    if (deliveries.length === 0) return;
    // An entry of urgent events only (an alarm's) does not wait behind the telemetry's backpressure:
    // such entries are few, and the lane holds at most a bounded number of entries in progress.
    const urgent = deliveries.every((d) => d.urgent);
    if (!urgent) {
      await sender.waitForSpace(settings.maxQueued);
      await results.below(settings.maxQueued);
    }
    const inserted = await (urgent ? urgentInserts : inserts).add(deliveries.map((d) => d.row));
    const fresh = deliveries.filter((d) => inserted.has(d.row.id));
    metrics.created(fresh.length);
    sender.enqueue(
      fresh.map(({ row, to, urgent }) => ({
        urgent,
        tenantId: row.tenantId,
        webhookId: row.webhookId,
        deliveryId: row.id,
        eventType: row.eventType,
        body: row.body,
        url: to.url,
        secret: to.secret,
      })),
    );
  }

  // Changes drop the tenant's cached webhooks; after a reconnect, everything (changes may have been missed).
  const subscriber = duplicateRedisClient(deps.redis);
  subscriber.on("error", () => undefined);
  subscriber.on("message", (_channel: string, text: string) => {
    let tenantId: string | undefined;
    try {
      tenantId = (JSON.parse(text) as { tenantId?: string }).tenantId;
    } catch {
      // unreadable: drop everything
    }
    subscriptions.forget(tenantId);
    tenants.refresh();
  });
  subscriber.on("ready", () => {
    subscriptions.forget();
    tenants.refresh();
  });
  void subscriber
    .subscribe(WEBHOOKS_CHANGED_CHANNEL)
    .catch((error: unknown) => logger.warn({ err: error }, "webhook changes not subscribed"));

  async function sweep() {
    const stalled = await store.claimStalled(settings.sweepGraceMs, 1_000);
    const disabled = stalled.pending.filter((p) => !p.webhookEnabled);
    if (disabled.length > 0) await store.markUnsent(disabled, "not sent: the webhook is disabled");
    const queued: QueuedDelivery[] = [];
    for (const p of stalled.pending.filter((x) => x.webhookEnabled)) {
      try {
        queued.push({ ...p, secret: deps.secrets.open(p.secretEncrypted) });
      } catch (error) {
        logger.error({ err: error, webhookId: p.webhookId }, "webhook secret cannot be opened; delivery left PENDING");
      }
    }
    sender.enqueue(queued);
    handoff?.hand(stalled.retrying.map((r) => ({ ...r, attemptAt: Date.now() })));
    if (stalled.pending.length + stalled.retrying.length > 0)
      logger.info(
        { pending: stalled.pending.length, retrying: stalled.retrying.length },
        "took over webhook deliveries nobody was taking care of",
      );
    return { pending: stalled.pending.length, retrying: stalled.retrying.length };
  }

  const sweeps =
    settings.sweepIntervalMs > 0
      ? setInterval(() => {
          void (async () => {
            const mine = await deps.redis.set(SWEEP_LOCK, "1", "PX", settings.sweepIntervalMs, "NX");
            if (mine === "OK") await sweep();
          })().catch((error: unknown) => logger.warn({ err: error }, "webhook sweep failed"));
        }, settings.sweepIntervalMs)
      : null;
  sweeps?.unref();

  return {
    sweep,
    async record(entry) {
      if (stopping) throw new Error("the webhook dispatcher is stopping");
      await recordDeliveries(await deliveriesOf(entry));
    },
    async recordAlarmEvents(fields) {
      if (stopping) return;
      // Not a stream entry: only alarm events, whose ids do not depend on where they stand.
      const entry = { partition: -1, stream: "alarm-events", id: "0-0", fields, deliveries: 1 };
      await recordDeliveries((await deliveriesOf(entry)).filter((d) => d.row.eventType.startsWith("alarm.")));
    },
    get backlog() {
      return sender.size + results.pending;
    },
    async settled(timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while ((sender.size > 0 || results.pending > 0 || (handoff?.pending ?? 0) > 0) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 10));
      await results.idle();
      await Promise.allSettled([...background]);
    },
    async stop(timeoutMs = 12_000) {
      stopping = true;
      if (sweeps) clearInterval(sweeps);
      const left = sender.drain();
      if (left.length > 0) logger.info({ unsent: left.length }, "stopping: unsent webhook deliveries stay PENDING");
      const deadline = Date.now() + timeoutMs;
      while (sender.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      await results.idle();
      await Promise.allSettled([...background]);
      await handoff?.idle(Math.max(0, deadline - Date.now()));
      await subscriber.quit().catch(() => subscriber.disconnect());
      client.close();
      await ownPool?.end().catch(() => undefined);
    },
  };
}
