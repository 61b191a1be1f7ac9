import { createUplinkPublisher, RuleEngineOutbox, type UplinkPublisher } from "@industryos/device-bus";
import type { RedisClient } from "@industryos/runtime";
import type { ApiDeps } from "../../deps.ts";

/**
 * Bounds of the default publisher's outbox: what it keeps while Redis is away (past it, REST
 * pushes wait), and about how many messages each stream keeps (ingest's default,
 * INGEST_RULE_ENGINE_STREAM_MAX_MESSAGES; ingest writes far more, so its trimming dominates).
 */
const OUTBOX = { maxBacklogMessages: 10_000, streamMaxMessages: 200_000 };

const publishers = new WeakMap<RedisClient, UplinkPublisher>();

/**
 * The publisher telemetry posted over REST goes through once stored, and the API's platform
 * events (alarm changes): `deps.uplinks` when the process gave one, else one per Redis
 * connection, made on first use. It is device-bus's, the one ingest uses after each batch: same
 * stream entries, same partitions, same live messages.
 */
export function uplinkPublisherFor(deps: Pick<ApiDeps, "uplinks" | "redis" | "logger">): UplinkPublisher {
  if (deps.uplinks) return deps.uplinks;
  let publisher = publishers.get(deps.redis);
  if (!publisher) {
    const outbox = new RuleEngineOutbox(deps.redis, { ...OUTBOX, logger: deps.logger });
    publisher = createUplinkPublisher(deps.redis, outbox, {
      succeeded: () => {},
      failed: (error) => deps.logger.warn({ err: error }, "live update publish failed"),
    });
    publishers.set(deps.redis, publisher);
  }
  return publisher;
}
