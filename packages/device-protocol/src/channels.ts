/**
 * Redis names shared by ingest (producer), workers (rule engine) and web (live updates), so
 * every process agrees on them from one place.
 */

/** The rule engine reads `rule-engine:{partition}`; one device always maps to one partition, so its messages stay in order. */
export const RULE_ENGINE_PARTITIONS = 8;

export function ruleEngineStream(partition: number): string {
  return `rule-engine:${partition}`;
}

/** The consumer group every worker process joins on each rule-engine stream. */
export const RULE_ENGINE_GROUP = "rule-engine";

/**
 * A tenant's messages that failed their chain after every retry (a Redis stream, newest kept):
 * the console lists them and can replay one onto its partition.
 */
export function ruleEngineDeadLetters(tenantId: string): string {
  return `rule-engine:dead-letters:${tenantId}`;
}

/** Debug events (input, output, relation, error) of one chain's nodes with debug on: a bounded, expiring stream. */
export function ruleChainDebugEvents(tenantId: string, ruleChainId: string): string {
  return `rule-engine:debug:${tenantId}:${ruleChainId}`;
}

/** Published when a tenant's chains change, so workers drop their compiled copies. */
export const RULE_CHAINS_CHANGED_CHANNEL = "rule-engine:chains-changed";

/** Published `{tenantId, deviceProfileId}` when a device profile (its alarm rules) changes, so workers reload it. */
export const DEVICE_PROFILES_CHANGED_CHANNEL = "rule-engine:device-profiles-changed";

/**
 * Published `{tenantId}` when a tenant's notification rules or escalation policies change, so workers reload
 * the ones their rule engine evaluates.
 */
export const NOTIFICATION_RULES_CHANGED_CHANNEL = "rule-engine:notification-rules-changed";

/** FNV-1a over the device id: cheap, stable across processes and languages. */
function fnv1a(deviceId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < deviceId.length; i++) {
    hash ^= deviceId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Hashes of recently seen devices: ingest asks twice per message, mostly for the same few thousand ids. */
const recentHashes = new Map<string, number>();
const RECENT_HASHES_LIMIT = 100_000;

export function partitionOf(deviceId: string, partitions = RULE_ENGINE_PARTITIONS): number {
  let hash = recentHashes.get(deviceId);
  if (hash === undefined) {
    hash = fnv1a(deviceId);
    if (recentHashes.size >= RECENT_HASHES_LIMIT) recentHashes.clear();
    recentHashes.set(deviceId, hash);
  }
  return hash % partitions;
}

/** Live dashboard updates for one device (pub/sub). */
export function liveDeviceChannel(tenantId: string, deviceId: string): string {
  return `live:${tenantId}:${deviceId}`;
}

/**
 * Set to a fresh random value by every live subscriber once Redis has confirmed a SUBSCRIBE or
 * UNSUBSCRIBE of a live channel. Publishers (ingest) cache which live channels are watched and
 * list them again (PUBSUB CHANNELS live:*) only when this value changes, instead of asking Redis
 * about every device of every batch. A subscriber announces before reading its snapshot, so any
 * write committed after the snapshot is published to it.
 */
export const LIVE_WATCH_VERSION_KEY = "live-watch:version";

/** Every live channel (PUBSUB CHANNELS pattern). */
export const LIVE_CHANNEL_PATTERN = "live:*";

/** Tells publishers that the set of watched live channels changed (see LIVE_WATCH_VERSION_KEY). */
export async function announceLiveWatchChange(redis: {
  set(key: string, value: string): Promise<unknown>;
}): Promise<void> {
  await redis.set(LIVE_WATCH_VERSION_KEY, globalThis.crypto.randomUUID());
}

/**
 * A tenant's alarm changes (pub/sub), for WebSocket subscribers: one JSON message per change,
 * `{"change": "created"|"updated"|"acknowledged"|"cleared"|"assigned"|"commented", alarm, propagatedTo}`,
 * where `propagatedTo` lists the ids of the entities the alarm also shows on (customer, tenant,
 * related assets), so a subscriber filters by originator or any of them.
 */
export function alarmsChannel(tenantId: string): string {
  return `alarms:${tenantId}`;
}

/** Downlink to whichever ingest node holds the device's connection (pub/sub). */
export function deviceDownlinkChannel(deviceId: string): string {
  return `downlink:device:${deviceId}`;
}

/** RPC responses back to whoever asked (the web API waits on it). */
export function rpcResponseChannel(deviceId: string, requestId: number): string {
  return `rpc-response:${deviceId}:${requestId}`;
}

/** Credential changes: ingest nodes drop cached credentials when a message arrives here. */
export const CREDENTIALS_CHANGED_CHANNEL = "device-credentials:changed";
