import type { Logger, RedisClient } from "@industryos/runtime";
import type { DatabaseClients } from "@industryos/db";
import type { TelemetryStore } from "@industryos/db/telemetry";
import type { UplinkPublisher } from "@industryos/device-bus";
import type { RuleServices } from "@industryos/rules";
import type { LazyTemporalClient } from "@industryos/temporal-client";
import type { ChainDirectory } from "./chain-directory.ts";
import { createAlarmService } from "./services/alarm-service.ts";
import type { AlarmWrites } from "./services/alarm-writes.ts";
import type { AttributeCache } from "./services/attribute-cache.ts";
import { createAttributeService } from "./services/attribute-service.ts";
import { createCacheService } from "./services/cache-service.ts";
import { createChainService } from "./services/chain-service.ts";
import { createDelayService } from "./services/delay-service.ts";
import { createEntityService } from "./services/entity-service.ts";
import { createHttpService } from "./services/http-service.ts";
import { createMqttService } from "./services/mqtt-service.ts";
import { createInAppNow } from "../notifications/in-app-now.ts";
import { createNotificationService } from "./services/notification-service.ts";
import { createRelationService } from "./services/relation-service.ts";
import { createRpcService } from "./services/rpc-service.ts";
import { createTelemetryService } from "./services/telemetry-service.ts";

export interface RuleServicesDeps {
  db: DatabaseClients;
  /** Alarm nodes' writes (their events go to the streams: chains see ALARM events). */
  alarmWrites: AlarmWrites;
  redis: RedisClient;
  telemetryStore: TelemetryStore;
  /** A publisher for live dashboards only (see createTelemetryService). */
  liveTelemetry: UplinkPublisher;
  allowPrivateNetworks: boolean;
  logger: Logger;
  /** The compiled chains `flow.chain` calls. */
  chains: ChainDirectory;
  /** Where delay nodes hold messages and notification nodes start requests; null: those nodes fail (a rule engine without Temporal). */
  temporal: LazyTemporalClient | null;
  /** Attribute reads of enrichment nodes (the entry processor drops an entity's on its attributes messages). */
  attributeCache: AttributeCache;
}

/**
 * RuleServices over PostgreSQL, Redis and the device bus: what nodes act on in the workers. Every
 * database read and write goes through the tenant-scoped client or the store's tenant path
 * (row-level security). `close` ends the RPC answer subscription and the MQTT connections (rule engine stop).
 */
export function createRuleServices(deps: RuleServicesDeps): RuleServices & { close(): Promise<void> } {
  const db = deps.db;
  const rpc = createRpcService(deps.redis, db);
  const mqtt = createMqttService({ allowPrivateNetworks: deps.allowPrivateNetworks });
  return {
    alarms: createAlarmService(deps.alarmWrites),
    telemetry: createTelemetryService(deps.telemetryStore, deps.liveTelemetry),
    attributes: createAttributeService(deps.telemetryStore, deps.redis, deps.attributeCache),
    entities: createEntityService(db),
    relations: createRelationService(db),
    cache: createCacheService(deps.redis),
    rpc,
    close: async () => {
      await rpc.close();
      await mqtt.close();
    },
    http: createHttpService({ allowPrivateNetworks: deps.allowPrivateNetworks }),
    chains: createChainService(deps.chains),
    delays: createDelayService(deps.redis, deps.temporal),
    mqtt,
    notifications: createNotificationService(
      db,
      deps.temporal,
      createInAppNow({ db, redis: deps.redis, logger: deps.logger }),
    ),
    log(message, text) {
      deps.logger.info(
        { tenantId: message.tenantId, originator: message.originator, msgType: message.type, messageId: message.id },
        text,
      );
    },
  };
}
