import { setTimeout as sleep } from "node:timers/promises";
import { duplicateRedisClient, type Logger, type RedisClient } from "@industryos/runtime";
import type { Registry } from "prom-client";
import type { DatabaseClients } from "@industryos/db";
import { createTelemetryStore, pgTelemetryDatabase, type TelemetryStore } from "@industryos/db/telemetry";
import { createUplinkPublisher, RuleEngineOutbox } from "@industryos/device-bus";
import {
  RULE_CHAINS_CHANGED_CHANNEL,
  DEVICE_PROFILES_CHANGED_CHANNEL,
  RULE_ENGINE_GROUP,
  RULE_ENGINE_PARTITIONS,
  ruleEngineStream,
} from "@industryos/device-protocol";
import { createIsolatedScriptRunner, type RuleServices, type ScriptRunner } from "@industryos/rules";
import type { LazyTemporalClient } from "@industryos/temporal-client";
import { createChainDirectory } from "./chain-directory.ts";
import { createDeviceDirectory, type DeviceDirectory } from "./device-directory.ts";
import { createEntryProcessor } from "./entry-processor.ts";
import {
  startNotificationRules,
  type NotificationRulesOptions,
} from "../notification-rules/start-notification-rules.ts";
import { startGeneratorSchedules } from "./generator-schedules.ts";
import { createRuleEngineMetrics } from "./metrics.ts";
import { PartitionLane } from "./partition-lane.ts";
import { PartitionLeases } from "./partition-leases.ts";
import { createProfileAlarmActions } from "./profile-alarms/alarm-actions.ts";
import { createAttributeReader } from "./profile-alarms/attribute-reader.ts";
import { createProfileAlarmEvaluator } from "./profile-alarms/evaluator.ts";
import { startInactivitySweep } from "./inactivity-sweep.ts";
import type { WebhookDispatcher } from "../webhooks/dispatcher.ts";
import { withAlarmFastPath } from "./alarm-fast-path.ts";
import { createProfileDirectory } from "./profile-alarms/profile-directory.ts";
import { createAlarmStateStore } from "./profile-alarms/state-store.ts";
import { createRuleServices } from "./rule-services.ts";
import { createAlarmWrites } from "./services/alarm-writes.ts";
import { createAttributeCache } from "./services/attribute-cache.ts";
import { cachedScripts } from "./script-cache.ts";
import { ruleEngineSettings, type RuleEngineSettings } from "./settings.ts";
import { createSideStreams } from "./side-streams.ts";
import { withReusedTenantClients } from "./tenant-clients.ts";

export interface RuleEngineDeps {
  db: DatabaseClients;
  /** Commands (acknowledgements, dead letters, leases, downlinks); blocking reads and pub/sub use duplicates of it. */
  redis: RedisClient;
  logger: Logger;
  /** The workers' Prometheus registry. */
  registry?: Registry;
  settings?: Partial<RuleEngineSettings>;
  /** RULES_ALLOW_PRIVATE_NETWORKS. */
  allowPrivateNetworks: boolean;
  /** Default: one over `db`'s pools. */
  telemetryStore?: TelemetryStore;
  /** Default: the real services (createRuleServices). */
  services?: RuleServices;
  /** Default: an isolated-vm sandbox with the library's limits. */
  scripts?: ScriptRunner;
  /**
   * Where durable nodes run (delay, generator). Without it delay nodes fail and generators do not
   * run (the web tests' stack runs the rule engine without Temporal).
   */
  temporal?: LazyTemporalClient;
  /**
   * Integrator webhooks: each entry's deliveries are recorded beside its chains (an entry is
   * acknowledged only after both), and sent by the dispatcher. Without it no webhook is fed.
   */
  webhooks?: Pick<WebhookDispatcher, "record"> & Partial<Pick<WebhookDispatcher, "recordAlarmEvents">>;
  /** Devices by id (default: a directory of its own); shared with the webhook dispatcher, one lookup serves both. */
  devices?: DeviceDirectory;
  /**
   * Notification rules and alarm escalations, evaluated on each entry before its chains when `temporal` is given
   * (their workflows run there); these override their defaults (tests shorten the times).
   */
  notificationRules?: Partial<NotificationRulesOptions>;
}

export interface RunningRuleEngine {
  readonly consumerName: string;
  /** Partitions this process consumes right now. */
  partitions(): number[];
  /** Stops consuming (each lane finishes the entry in hand), releases the partitions, flushes what it buffered. */
  stop(): Promise<void>;
}

/** Outbox bounds for alarm events the chains cause (REST's figures: the API's publisher does the same job). */
const OUTBOX = { maxBacklogMessages: 10_000, streamMaxMessages: 200_000 };

async function ensureGroups(redis: RedisClient) {
  for (let p = 0; p < RULE_ENGINE_PARTITIONS; p++) {
    try {
      await redis.xgroup("CREATE", ruleEngineStream(p), RULE_ENGINE_GROUP, "0", "MKSTREAM");
    } catch (error) {
      if (!String((error as Error).message).includes("BUSYGROUP")) throw error;
    }
  }
}

/**
 * The rule engine of one workers process: consumes the `rule-engine:{0..7}` streams in the
 * consumer group `rule-engine` alongside any number of other processes (see PartitionLeases and
 * PartitionLane for ordering and claiming, EntryProcessor for retries and dead letters), and runs
 * each message through its tenant's chain. Returns at once; Redis being away at start only
 * delays consumption.
 */
export function startRuleEngine(deps: RuleEngineDeps): RunningRuleEngine {
  const settings = ruleEngineSettings(deps.settings);
  const logger = deps.logger.child({ component: "rule-engine", consumer: settings.consumerName });
  const { redis } = deps;
  // One tenant-scoped client per tenant, reused by every lookup and write below.
  const db = withReusedTenantClients(deps.db);
  const metrics = createRuleEngineMetrics(deps.registry, redis);
  const devices = deps.devices ?? createDeviceDirectory(db, settings.deviceCacheMs);
  const chains = createChainDirectory(db);
  const telemetryStore =
    deps.telemetryStore ?? createTelemetryStore({ appPool: db.appPool, systemPool: db.systemPool });

  const outbox = new RuleEngineOutbox(redis, { ...OUTBOX, logger });
  const live = {
    succeeded: () => {},
    failed: (error: unknown) => logger.warn({ err: error }, "live update publish failed"),
  };
  // Alarm events reach the streams (chains see ALARM / ALARM_CLEAR); saved telemetry only the live
  // channels: on the streams a chain would receive its own saved telemetry as new input, forever.
  // The chains' alarm events also go at once to the webhooks and notification rules (alarm-fast-path.ts).
  const events = withAlarmFastPath(
    createUplinkPublisher(redis, outbox, live),
    () => [
      ...(deps.webhooks?.recordAlarmEvents ? [deps.webhooks.recordAlarmEvents.bind(deps.webhooks)] : []),
      ...(notifications ? [notifications.handleNow] : []),
    ],
    logger,
  );
  const liveTelemetry = createUplinkPublisher(redis, null, live);

  const alarmWrites = createAlarmWrites({
    sql: pgTelemetryDatabase(db),
    events: { db, redis, logger, uplinks: events },
  });
  const profiles = createProfileDirectory(db, settings.profileCacheMs, logger);
  const profileAlarms = createProfileAlarmEvaluator({
    profiles,
    attributes: createAttributeReader(db, settings.attributeCacheMs),
    state: createAlarmStateStore(redis, settings.alarmStateTtlSeconds),
    actions: createProfileAlarmActions(alarmWrites),
  });

  const sandbox = deps.scripts ? null : createIsolatedScriptRunner();
  const scripts = cachedScripts(deps.scripts ?? sandbox!);
  const attributeCache = createAttributeCache(settings.attributeCacheMs);
  const ownServices = deps.services
    ? null
    : createRuleServices({
        db,
        alarmWrites,
        redis,
        telemetryStore,
        liveTelemetry,
        allowPrivateNetworks: deps.allowPrivateNetworks,
        logger,
        chains,
        temporal: deps.temporal ?? null,
        attributeCache,
      });
  const services = deps.services ?? ownServices!;
  const generators = deps.temporal
    ? startGeneratorSchedules({ db, redis, temporal: deps.temporal, logger })
    : undefined;
  const chainProcessor = createEntryProcessor({
    settings,
    devices,
    chains,
    services,
    scripts,
    side: createSideStreams(redis, settings),
    metrics,
    logger,
    profileAlarms,
    attributeCache,
  });
  // Webhook deliveries are recorded while the chains run and may finish after the lane moved on
  // (partition-lane.ts): an entry is acknowledged only when both finished, in stream order. If the
  // deliveries cannot be recorded, the entry stays pending and is read again: its chains then run
  // again (at least once, as after any redelivery), its deliveries are the same rows, so none is
  // sent twice.
  const notifications = deps.temporal
    ? startNotificationRules({
        db,
        redis,
        temporal: deps.temporal,
        logger,
        options: {
          retryAttempts: settings.retryAttempts,
          retryBackoffMs: settings.retryBackoffMs,
          maxDeliveries: settings.maxDeliveries,
          ...deps.notificationRules,
        },
      })
    : undefined;
  const laneProcessor = notifications?.wrap(chainProcessor) ?? chainProcessor;

  // Chain changes drop the tenant's compiled chains and every cached device (a profile's chain may be what changed);
  // profile changes drop that profile's alarm rules.
  const subscriber = duplicateRedisClient(redis);
  subscriber.on("error", () => undefined);
  subscriber.on("message", (channel: string, text: string) => {
    let change: { tenantId?: string; deviceProfileId?: string } = {};
    try {
      change = JSON.parse(text) as typeof change;
    } catch {
      // not ours to parse: drop everything
    }
    if (channel === DEVICE_PROFILES_CHANGED_CHANNEL) {
      profiles.forget(typeof change.deviceProfileId === "string" ? change.deviceProfileId : undefined);
      return;
    }
    chains.forget(change.tenantId);
    devices.clear();
    if (typeof change.tenantId === "string") generators?.tenantChanged(change.tenantId);
    else void generators?.reconcileAll();
  });
  // After a reconnect, changes published meanwhile were missed: forget everything (at start too:
  // generator schedules are reconciled from the database then).
  subscriber.on("ready", () => {
    chains.forget();
    devices.clear();
    profiles.forget();
    void generators?.reconcileAll();
  });
  void subscriber
    .subscribe(RULE_CHAINS_CHANGED_CHANNEL, DEVICE_PROFILES_CHANGED_CHANNEL)
    .catch((error: unknown) => logger.warn({ err: error }, "chain and profile changes not subscribed"));

  const lanes = new Map<number, PartitionLane>();
  const leases = new PartitionLeases(
    redis,
    settings,
    {
      acquired(partition) {
        lanes.set(
          partition,
          new PartitionLane(partition, redis, settings, laneProcessor, metrics, logger, deps.webhooks),
        );
        metrics.owned(lanes.size);
      },
      async release(partition) {
        const lane = lanes.get(partition);
        lanes.delete(partition);
        metrics.owned(lanes.size);
        await lane?.stop();
      },
    },
    logger,
  );

  let stopped = false;
  let inactivity: { stop(): void } | undefined;
  const started = (async () => {
    for (let attempt = 1; !stopped; attempt++) {
      try {
        await ensureGroups(redis);
        break;
      } catch (error) {
        if (attempt === 1) logger.warn({ err: error }, "rule-engine streams not ready; retrying");
        await sleep(Math.min(200 * attempt, 5_000));
      }
    }
    if (stopped) return;
    leases.start();
    inactivity = startInactivitySweep({ db, redis, events, logger, intervalMs: settings.inactivitySweepMs });
    logger.info("rule engine consuming");
  })();

  return {
    consumerName: settings.consumerName,
    partitions: () => leases.partitionsOwned,
    async stop() {
      stopped = true;
      await started;
      inactivity?.stop();
      await generators?.stop();
      await leases.stop();
      await notifications?.stop();
      await subscriber.quit().catch(() => subscriber.disconnect());
      await ownServices?.close();
      const unsent = await outbox.close(5_000);
      if (unsent > 0) logger.warn({ unsent }, "alarm events not written to the rule-engine streams");
      await telemetryStore.flushLatest().catch(() => undefined);
      sandbox?.dispose();
      logger.info("rule engine stopped");
    },
  };
}
