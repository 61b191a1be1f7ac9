import type { RedisClient } from "@industryos/runtime";
import {
  liveDeviceChannel,
  originatorIdOf,
  ruleEngineEntries,
  toLiveMessage,
  type RuleEngineMessage,
} from "@industryos/device-protocol";
import { countDailyMessages } from "./daily-messages.ts";
import type { RuleEngineOutbox } from "./rule-engine-outbox.ts";
import { watchedLiveChannels } from "./watched-live-channels.ts";

function throwFirstError(results: [Error | null, unknown][] | null) {
  const failed = results?.find(([error]) => error);
  if (failed) throw failed[0];
}

/**
 * Live updates for dashboards, only on channels someone listens to: most devices are watched
 * by nobody most of the time (see watchedLiveChannels for why nothing committed after a
 * dashboard's snapshot is missed). Best effort: a dashboard that misses an update while Redis is
 * away reads a snapshot when it reconnects.
 */
async function publishLive(
  redis: RedisClient,
  watchedChannels: () => Promise<ReadonlySet<string>>,
  messages: readonly RuleEngineMessage[],
) {
  if (redis.status !== "ready") return;
  const watched = await watchedChannels();
  if (watched.size === 0) return;
  const live = redis.pipeline();
  let originator = "";
  let channel = "";
  for (const message of messages) {
    // Platform events (alarm changes, ...) have channels of their own.
    if (message.type === "EVENT") continue;
    // A batch holds several messages of most devices, one after another.
    const id = originatorIdOf(message);
    if (id !== originator) {
      originator = id;
      channel = liveDeviceChannel(message.tenantId, id);
    }
    if (watched.has(channel)) live.publish(channel, toLiveMessage(message));
  }
  if (live.length > 0) throwFirstError(await live.exec());
}

/** How live-update publishes went: best effort, so failures are reported, never thrown. */
export interface LivePublishOutcome {
  succeeded(): void;
  failed(error: unknown): void;
}

/**
 * Publishes committed messages and platform events (`createUplinkPublisher`); resolves once the
 * rule-engine entries are appended or kept.
 */
export type UplinkPublisher = (messages: readonly RuleEngineMessage[]) => Promise<void>;

/**
 * After messages are committed to storage: appends them to their originators' rule-engine
 * partitions (one entry per partition, in commit order, so one originator's messages stay in
 * order; through the outbox, which keeps them while Redis is away) and publishes them for live
 * dashboards on each originator's live channel. Ingest calls it after every batch, the API after
 * every REST telemetry push and for its platform events (alarm changes, which go to the streams
 * only): one path for all. It also counts each tenant's messages of the day (`daily-messages.ts`).
 * With `outbox` null it publishes for live dashboards only: the rule engine's own saved telemetry
 * must not come back to it as new input.
 */
export function createUplinkPublisher(
  redis: RedisClient,
  outbox: RuleEngineOutbox | null,
  live: LivePublishOutcome,
): UplinkPublisher {
  const watchedChannels = watchedLiveChannels(redis);
  return async (messages) => {
    const published = publishLive(redis, watchedChannels, messages).then(live.succeeded, live.failed);
    // Counted with the rule-engine input (the rule engine's own saved telemetry is not a new message).
    // Best effort: a count missed while Redis is away never holds a batch back, and that outage is
    // already reported by the live publishes and the outbox.
    const counted =
      outbox && redis.status === "ready" ? countDailyMessages(redis, messages).catch(() => undefined) : null;
    await Promise.all([outbox?.append(ruleEngineEntries(messages)), published, counted]);
  };
}
