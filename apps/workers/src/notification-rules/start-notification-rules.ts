import { setTimeout as sleep } from "node:timers/promises";
import type { DatabaseClients } from "@industryos/db";
import { NOTIFICATION_RULES_CHANGED_CHANNEL } from "@industryos/device-protocol";
import { duplicateRedisClient, type Logger, type RedisClient } from "@industryos/runtime";
import type { LazyTemporalClient } from "@industryos/temporal-client";
import { createInAppNow } from "../notifications/in-app-now.ts";
import type { EntryOutcome, EntryProcessor, StreamEntry } from "../rules/entry-processor.ts";
import { createNotificationStep } from "./notification-step.ts";
import { createNotificationRuleDirectory } from "./rule-directory.ts";
import { startTemporalOutboxSweep, TemporalOutbox, type TemporalOutboxOptions } from "./temporal-outbox.ts";

export interface NotificationRulesOptions {
  /** How long a tenant's rules are cached (NOTIFICATION_RULES_CHANGED_CHANNEL drops them at once). */
  cacheMs: number;
  /** How often Temporal commands that failed are tried again. */
  sweepMs: number;
  /** Runs of the step within one delivery of an entry, and the wait before the second (doubled after). */
  retryAttempts: number;
  retryBackoffMs: number;
  /** Deliveries of an entry after which its notifications are given up (logged) so its chains still run. */
  maxDeliveries: number;
  outbox?: TemporalOutboxOptions;
}

const DEFAULTS: NotificationRulesOptions = {
  cacheMs: 60_000,
  sweepMs: 5_000,
  retryAttempts: 3,
  retryBackoffMs: 200,
  maxDeliveries: 5,
};

export interface NotificationRulesDeps {
  db: Pick<DatabaseClients, "forTenant">;
  redis: RedisClient;
  temporal: LazyTemporalClient;
  logger: Logger;
  options?: Partial<NotificationRulesOptions>;
}

/**
 * Notification rules and escalations in the rule engine: `wrap(processor)` runs the notification step on each
 * entry before its chains (see notification-step.ts), with its own retries; a database failure leaves the entry
 * pending for a redelivery like a chain's failure would, and after `maxDeliveries` the entry's notifications are
 * given up so a broken rule cannot hold a partition for ever. Tenants' rules are cached and dropped on
 * NOTIFICATION_RULES_CHANGED_CHANNEL; Temporal commands that failed are swept every `sweepMs`.
 */
export function startNotificationRules(deps: NotificationRulesDeps) {
  const options = { ...DEFAULTS, ...deps.options };
  const logger = deps.logger.child({ component: "notification-rules" });
  const rules = createNotificationRuleDirectory(deps.db, options.cacheMs, logger);
  const outbox = new TemporalOutbox(deps.redis, deps.temporal, logger, options.outbox);
  const inApp = createInAppNow({ db: deps.db, redis: deps.redis, logger });
  const step = createNotificationStep({ db: deps.db, rules, outbox, inApp });
  const sweep = startTemporalOutboxSweep(outbox, options.sweepMs, logger);

  const subscriber = duplicateRedisClient(deps.redis);
  subscriber.on("error", () => undefined);
  subscriber.on("message", (_channel: string, text: string) => {
    let tenantId: unknown;
    try {
      tenantId = (JSON.parse(text) as { tenantId?: unknown }).tenantId;
    } catch {
      // not ours to parse: drop everything
    }
    rules.forget(typeof tenantId === "string" ? tenantId : undefined);
  });
  // After a reconnect, changes published meanwhile were missed.
  subscriber.on("ready", () => rules.forget());
  const subscribed = subscriber
    .subscribe(NOTIFICATION_RULES_CHANGED_CHANNEL)
    .catch((error: unknown) => logger.warn({ err: error }, "notification rule changes not subscribed"));

  async function runStep(entry: StreamEntry, stopping: () => boolean): Promise<boolean> {
    for (let run = 1; ; run++) {
      try {
        await step.process(entry.fields);
        return true;
      } catch (error) {
        if (run >= options.retryAttempts || stopping()) {
          logger.warn(
            { err: error, stream: entry.stream, entryId: entry.id, deliveries: entry.deliveries },
            "notification step failed",
          );
          return false;
        }
        await sleep(options.retryBackoffMs * 2 ** (run - 1));
      }
    }
  }

  return {
    outbox,
    /**
     * The step for alarm events as they happen (rules/alarm-fast-path.ts), once, ahead of their stream entry;
     * the entry's step then finds the requests made (their dedupKey) and starts nothing twice.
     */
    handleNow: (fields: string[]) => step.process(fields),
    /** Subscribed to rule changes (tests wait for it before changing rules). */
    ready: subscribed,
    wrap(processor: EntryProcessor): EntryProcessor {
      return {
        async process(entry: StreamEntry, stopping: () => boolean = () => false): Promise<EntryOutcome> {
          if (!(await runStep(entry, stopping))) {
            if (entry.deliveries < options.maxDeliveries) return "retry-later";
            logger.error(
              { stream: entry.stream, entryId: entry.id, deliveries: entry.deliveries },
              "notifications of this entry given up; its chains run",
            );
          }
          return processor.process(entry, stopping);
        },
      };
    },
    async stop() {
      sweep.stop();
      await subscriber.quit().catch(() => subscriber.disconnect());
    },
  };
}

export type RunningNotificationRules = ReturnType<typeof startNotificationRules>;
