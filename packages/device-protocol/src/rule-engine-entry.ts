import { parseAttributes } from "./attributes.ts";
import { isPlainObject } from "./json.ts";
import { partitionOf, ruleEngineStream } from "./channels.ts";
import {
  originatorIdOf,
  type DeviceUplink,
  type EntityTelemetry,
  type PlatformEvent,
  type RuleEngineMessage,
} from "./messages.ts";
import { parseTelemetry } from "./telemetry.ts";
import type { KvValue } from "./values.ts";

/**
 * A rule-engine stream entry holds the messages of one partition from one committed batch, in
 * commit order, as a JSON array in the field "msgs": one XADD per partition and batch instead of
 * one per message (per-message entries were half of ingest's Redis commands).
 */
export function ruleEngineEntry(messages: string[]): ["msgs", string] {
  return ["msgs", `[${messages.join(",")}]`];
}

const UPLINK_TYPES = { TELEMETRY: "POST_TELEMETRY_REQUEST", ATTRIBUTES: "POST_ATTRIBUTES_REQUEST" } as const;

/** Message heads of recently seen devices' telemetry: the same few thousand devices send most of it. */
const telemetryHeads = new Map<string, { tenantId: string; head: string }>();
const TELEMETRY_HEADS_LIMIT = 100_000;

/**
 * Everything of an uplink's message before its receive time; ids are UUIDs and the rest enum
 * names, so it is ASCII. A device's telemetry head is built once (and flattened by its first write), not per message.
 */
function messageHead(message: RuleEngineMessage): string {
  if (message.type === "EVENT") return eventHead(message);
  if ("entityType" in message) return entityTelemetryHead(message);
  const uplink: DeviceUplink = message;
  if (uplink.type === "ATTRIBUTES") {
    return `{"type":"${UPLINK_TYPES.ATTRIBUTES}","tenantId":"${uplink.tenantId}","deviceId":"${uplink.deviceId}","scope":"${uplink.scope}","receivedAt":`;
  }
  const known = telemetryHeads.get(uplink.deviceId);
  if (known?.tenantId === uplink.tenantId) return known.head;
  const head = `{"type":"${UPLINK_TYPES.TELEMETRY}","tenantId":"${uplink.tenantId}","deviceId":"${uplink.deviceId}","receivedAt":`;
  if (telemetryHeads.size >= TELEMETRY_HEADS_LIMIT) telemetryHeads.clear();
  telemetryHeads.set(uplink.deviceId, { tenantId: uplink.tenantId, head });
  return head;
}

/** An entity's telemetry (posted through the API, a few per request): the device head's fields, the entity in place of the device. */
function entityTelemetryHead(message: EntityTelemetry): string {
  return `{"type":"${UPLINK_TYPES.TELEMETRY}","tenantId":"${message.tenantId}","entityType":"${message.entityType}","entityId":"${message.entityId}","receivedAt":`;
}

/** A platform event: its message type in place of an uplink's, its originator named by type and id, its metadata (and where it resumes). */
function eventHead(event: PlatformEvent): string {
  const resume = event.resume ? `"resume":${JSON.stringify(event.resume)},` : "";
  return `{"type":${JSON.stringify(event.msgType)},"tenantId":"${event.tenantId}","originatorType":${JSON.stringify(event.originatorType)},"originatorId":"${event.originatorId}","metadata":${JSON.stringify(event.metadata ?? {})},${resume}"receivedAt":`;
}

const DATA_FIELD = `,"data":`;

/**
 * The "msgs" value for committed uplinks, written straight into one buffer. Each message carries
 * the device's JSON as it arrived (`data`, as ThingsBoard's rule engine gets a message's data)
 * rather than the decoded points: re-encoding every value cost ingest a tenth of its CPU.
 * `readRuleEngineEntry` decodes it again by the rules it was stored by.
 */
export function uplinkRuleEngineEntry(uplinks: readonly RuleEngineMessage[]): Buffer {
  const heads = uplinks.map(messageHead);
  const receivedAt = uplinks.map((u) => String(u.receivedAt));
  let size = 2 + Math.max(0, uplinks.length - 1); // "[" and "]", and "," between messages
  for (let i = 0; i < uplinks.length; i++) {
    const data = uplinks[i]!.data;
    size +=
      heads[i]!.length +
      receivedAt[i]!.length +
      DATA_FIELD.length +
      (typeof data === "string" ? Buffer.byteLength(data) : data.byteLength) +
      1;
  }
  const entry = Buffer.allocUnsafe(size);
  let at = 0;
  entry[at++] = 0x5b; // [
  for (let i = 0; i < uplinks.length; i++) {
    if (i > 0) entry[at++] = 0x2c; // ,
    at += entry.write(heads[i]!, at, "latin1");
    at += entry.write(receivedAt[i]!, at, "latin1");
    at += entry.write(DATA_FIELD, at, "latin1");
    const data = uplinks[i]!.data;
    if (typeof data === "string") at += entry.write(data, at, "utf8");
    else {
      entry.set(data, at);
      at += data.byteLength;
    }
    entry[at++] = 0x7d; // }
  }
  entry[at++] = 0x5d; // ]
  return entry;
}

/** One XADD: a batch's messages of one partition (`entry` is the "msgs" value). */
export interface RuleEngineStreamEntry {
  stream: string;
  entry: Buffer;
  messages: number;
}

/**
 * The stream entries of committed messages: one per partition, each holding that partition's
 * messages in commit order, so one originator's messages stay in order. Ingest (after each
 * batch) and the API (after a REST telemetry push, or for a platform event such as an alarm
 * change) all append exactly these.
 */
export function ruleEngineEntries(messages: readonly RuleEngineMessage[]): RuleEngineStreamEntry[] {
  const byPartition = new Map<number, RuleEngineMessage[]>();
  for (const message of messages) {
    const partition = partitionOf(originatorIdOf(message));
    const batch = byPartition.get(partition);
    if (batch) batch.push(message);
    else byPartition.set(partition, [message]);
  }
  const entries: RuleEngineStreamEntry[] = [];
  for (const [partition, batch] of byPartition)
    entries.push({ stream: ruleEngineStream(partition), entry: uplinkRuleEngineEntry(batch), messages: batch.length });
  return entries;
}

/** A data point or attribute as the rule engine and live dashboards see it. */
export interface MessageValue {
  ts?: number;
  key: string;
  type: KvValue["type"];
  value: unknown;
}

/** Telemetry gets `points` and attributes `attributes`, decoded from the device's `data`. */
function decodeUplink(message: unknown): unknown {
  // A resumed rule message has a telemetry type perhaps, but its data is a rule message's: any JSON, read as is.
  if (!isPlainObject(message) || !("data" in message) || "resume" in message) return message;
  if (message.type === UPLINK_TYPES.TELEMETRY) {
    const points = parseTelemetry(message.data, Number(message.receivedAt));
    return {
      ...message,
      points: points.map((p): MessageValue => ({ ts: p.ts, key: p.key, type: p.value.type, value: p.value.value })),
    };
  }
  if (message.type === UPLINK_TYPES.ATTRIBUTES) {
    return {
      ...message,
      attributes: parseAttributes(message.data).map((a): MessageValue => ({
        key: a.key,
        type: a.value.type,
        value: a.value.value,
      })),
    };
  }
  return message;
}

/**
 * The messages of a rule-engine stream entry (the field list XRANGE/XREADGROUP return), with
 * the points and attributes of uplinks decoded. A platform event reads as written (see
 * `PlatformEvent`): its `type` is the rule engine's message type, `data` a JSON value.
 */
export function readRuleEngineEntry(fields: string[]): unknown[] {
  const at = fields.indexOf("msgs");
  if (at < 0 || at + 1 >= fields.length) throw new Error("rule-engine entry without a msgs field");
  const messages: unknown = JSON.parse(fields[at + 1]!);
  if (!Array.isArray(messages)) throw new Error("rule-engine entry msgs is not an array");
  return messages.map(decodeUplink);
}
