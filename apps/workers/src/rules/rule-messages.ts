import { isPlainObject, type MessageValue } from "@industryos/device-protocol";
import { randomUUID } from "node:crypto";
import { createMessage, messageIdFrom, type Originator, type RuleMessage } from "@industryos/rules";

/** What the rule engine knows of a device for a message's metadata. */
export interface DeviceInfo {
  name: string;
  type: string;
}

const str = (value: unknown): string | undefined => (typeof value === "string" && value.length > 0 ? value : undefined);

/** The originator of a stream message: a device (`deviceId`), an entity (`entityType`/`entityId`) or a platform event's. */
export function originatorOf(message: Record<string, unknown>): Originator | null {
  const deviceId = str(message.deviceId);
  if (deviceId) return { type: "DEVICE", id: deviceId };
  const entityId = str(message.entityId);
  const entityType = str(message.entityType);
  if (entityId && entityType) return { type: entityType, id: entityId };
  const originatorId = str(message.originatorId);
  const originatorType = str(message.originatorType);
  if (originatorId && originatorType) return { type: originatorType, id: originatorId };
  return null;
}

const asMetadata = (value: unknown): Record<string, string> =>
  isPlainObject(value)
    ? Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, typeof v === "string" ? v : (JSON.stringify(v) ?? "")]),
      )
    : {};

/** Where a resumed message (`resume` of a platform event, see device-protocol's RuleResume) enters its chain. */
export interface ResumePoint {
  chainId: string;
  nodeId: string;
  relation?: string;
}

/** The resume marker of a stream message, or null for an ordinary one; throws on a malformed marker. */
export function resumeOf(decoded: Record<string, unknown>): ResumePoint | null {
  const resume = decoded.resume;
  if (resume === undefined) return null;
  if (!isPlainObject(resume) || !str(resume.chainId) || !str(resume.nodeId))
    throw new Error("a resumed message needs resume.chainId and resume.nodeId");
  return { chainId: resume.chainId as string, nodeId: resume.nodeId as string, relation: str(resume.relation) };
}

/** `{key: value}` of decoded points or attributes. */
const valuesOf = (values: readonly MessageValue[]) => {
  const data: Record<string, unknown> = {};
  for (const v of values) data[v.key] = v.value;
  return data;
};

/** ThingsBoard names attribute scopes `CLIENT_SCOPE`, `SHARED_SCOPE`, `SERVER_SCOPE` in metadata. */
const scopeName = (scope: unknown) => {
  const s = typeof scope === "string" && scope ? scope : "CLIENT";
  return s.endsWith("_SCOPE") ? s : `${s}_SCOPE`;
};

/** Whose rule messages `ruleMessage` makes, and `key`, the stream message's name their ids follow from. */
interface MessageSource {
  tenantId: string;
  originator: Originator;
  device: DeviceInfo | null;
  key: string | undefined;
}

/**
 * Rule message `sub` of a stream message: a literal of one shape rather than spreads into
 * createMessage, and a function of the module rather than a closure per stream message (under
 * tsx, how `npm start` runs the workers, each named closure made costs a `__name` call, ~0.7 µs).
 */
function ruleMessage(
  from: MessageSource,
  sub: number,
  type: string,
  ts: number,
  data: unknown,
  metadata: Record<string, string> | null,
): RuleMessage {
  const { device, key } = from;
  const withDevice: Record<string, string> = device ? { deviceName: device.name, deviceType: device.type } : {};
  if (metadata) Object.assign(withDevice, metadata);
  withDevice.ts = String(ts);
  return {
    id: key === undefined ? randomUUID() : messageIdFrom(`${key}/${sub}`),
    type,
    tenantId: from.tenantId,
    originator: from.originator,
    ts,
    data,
    metadata: withDevice,
  };
}

/**
 * The rule messages of one stream message (already decoded by `readRuleEngineEntry`), shaped as
 * ThingsBoard's rule engine shapes them, so chains and scripts written for it read the same:
 *
 * - telemetry: one message per timestamp, `data` the `{key: value}` of that timestamp's points
 *   (the device's JSON as it arrived, parsed by device-protocol's `parseTelemetry`), metadata
 *   `ts` (and `deviceName`, `deviceType` for a device);
 * - attributes: `data` the `{key: value}` sent, metadata `scope` (`CLIENT_SCOPE`);
 * - a device's RPC request (`TO_SERVER_RPC_REQUEST`, from ingest): `data` `{method, params}`,
 *   metadata `requestId` (what `action.rpcReply` answers);
 * - anything else (platform events: alarms, entity changes, ...): its type, `data`, `metadata`
 *   and `receivedAt` as written.
 *
 * - a resumed message (`resume`, from the delay and generator nodes): one message as it was held,
 *   its id and time from the marker, metadata as written.
 *
 * `key` names the message in its stream (`stream/entryId/index`): the ids follow from it, so a
 * redelivered entry's messages get the ids they had before. Throws on a message that names no
 * tenant or originator (dead-lettered by the caller).
 */
export function toRuleMessages(
  decoded: unknown,
  device: DeviceInfo | null,
  now = Date.now(),
  key?: string,
): RuleMessage[] {
  if (!isPlainObject(decoded)) throw new Error("a stream message must be a JSON object");
  const tenantId = str(decoded.tenantId);
  const type = str(decoded.type);
  const originator = originatorOf(decoded);
  if (!tenantId || !type || !originator) throw new Error("a stream message needs type, tenantId and an originator");
  const receivedAt =
    Number.isFinite(Number(decoded.receivedAt)) && decoded.receivedAt !== undefined ? Number(decoded.receivedAt) : now;
  if (isPlainObject(decoded.resume)) {
    const { messageId, ts } = decoded.resume;
    return [
      createMessage({
        ...(str(messageId) ? { id: messageId as string } : {}),
        type,
        tenantId,
        originator,
        ts: Number.isFinite(ts) ? (ts as number) : receivedAt,
        data: decoded.data ?? null,
        metadata: asMetadata(decoded.metadata),
      }),
    ];
  }
  const at = { tenantId, originator, device, key };
  if (type === "POST_TELEMETRY_REQUEST" && Array.isArray(decoded.points)) {
    const points = decoded.points as MessageValue[];
    // Most messages' points share one time: their data at once, without grouping.
    const first = points[0]?.ts ?? receivedAt;
    let oneTime = true;
    for (let i = 1; i < points.length && oneTime; i++) oneTime = (points[i]!.ts ?? receivedAt) === first;
    if (oneTime) return points.length === 0 ? [] : [ruleMessage(at, 0, type, first, valuesOf(points), null)];
    const byTs = new Map<number, MessageValue[]>();
    for (const point of points) {
      const ts = point.ts ?? receivedAt;
      const group = byTs.get(ts);
      if (group) group.push(point);
      else byTs.set(ts, [point]);
    }
    return [...byTs].map(([ts, points], sub) => ruleMessage(at, sub, type, ts, valuesOf(points), null));
  }
  if (type === "POST_ATTRIBUTES_REQUEST" && Array.isArray(decoded.attributes)) {
    return [
      ruleMessage(at, 0, type, receivedAt, valuesOf(decoded.attributes as MessageValue[]), {
        scope: scopeName(decoded.scope),
      }),
    ];
  }
  if (type === "TO_SERVER_RPC_REQUEST") {
    return [
      ruleMessage(
        at,
        0,
        type,
        receivedAt,
        { method: decoded.method, params: decoded.params ?? {} },
        { requestId: String(decoded.requestId) },
      ),
    ];
  }
  return [ruleMessage(at, 0, type, receivedAt, decoded.data ?? null, asMetadata(decoded.metadata))];
}
