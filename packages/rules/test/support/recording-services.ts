import type {
  AlarmChange,
  AttributeScope,
  CompiledChain,
  DelayRequest,
  MqttPublishRequest,
  RuleNotification,
  EntityFields,
  LatestValue,
  Originator,
  RuleMessage,
  RuleServices,
} from "../../src/index.ts";

/**
 * RuleServices that keep what nodes did in memory, for the library's own tests. The workers'
 * implementation over PostgreSQL and Redis is tested there, against the real services. Tests
 * seed entities, attributes, latest telemetry and relations through the returned maps.
 */
export function recordingServices() {
  const alarms = new Map<string, { id: string; severity: string; details: unknown; cleared: boolean }>();
  const saved: { originator: Originator; ts: number; values: Record<string, unknown> }[] = [];
  const replies: { deviceId: string; requestId: number; body: unknown }[] = [];
  const requests: { url: string; method: string; body: string }[] = [];
  const logs: string[] = [];
  /** Entities by id. */
  const entities = new Map<string, EntityFields>();
  /** `${entityId}/${scope}` → key → value. */
  const attributes = new Map<string, Record<string, unknown>>();
  /** entity id → key → latest value (save also updates it). */
  const latest = new Map<string, Record<string, LatestValue>>();
  const relations: { from: Originator; to: Originator; type: string }[] = [];
  const savedAttributes: { entity: Originator; scope: AttributeScope; values: Record<string, unknown>; ts: number }[] =
    [];
  const rpcs: { deviceId: string; method: string; params: unknown; timeoutMs: number; oneway: boolean }[] = [];
  /** What a two-way RPC gets back (null: no answer in time). */
  let rpcAnswer: unknown = { ok: true };
  const cache = new Map<string, string>();
  /** Chains `flow.chain` may call, by `${tenantId}/${chainId}`. */
  const chains = new Map<string, CompiledChain>();
  /** Messages held by delay nodes, by `${chainId}/${nodeId}/${message id}`. */
  const held = new Map<string, DelayRequest>();
  const published: MqttPublishRequest[] = [];
  /** Notifications asked for, by dedupKey (asking again with the same key finds the first). */
  const notifications = new Map<string, RuleNotification & { requestId: string }>();
  let nextStatus = 200;
  const key = (o: Originator, type: string) => `${o.id}/${type}`;
  const same = (a: Originator, b: Originator) => a.type === b.type && a.id === b.id;

  const services: RuleServices = {
    alarms: {
      async createOrUpdate(_tenantId, originator, alarm): Promise<AlarmChange> {
        const existing = alarms.get(key(originator, alarm.type));
        if (existing && !existing.cleared) {
          const changed = existing.severity !== alarm.severity;
          Object.assign(existing, { severity: alarm.severity, details: alarm.details });
          return { alarmId: existing.id, change: changed ? "updated" : "unchanged" };
        }
        const id = `alarm-${alarms.size + 1}`;
        alarms.set(key(originator, alarm.type), {
          id,
          severity: alarm.severity,
          details: alarm.details,
          cleared: false,
        });
        return { alarmId: id, change: "created" };
      },
      async clear(_tenantId, originator, type) {
        const existing = alarms.get(key(originator, type));
        if (!existing || existing.cleared) return null;
        existing.cleared = true;
        return { alarmId: existing.id, change: "cleared" };
      },
    },
    telemetry: {
      async save(_tenantId, originator, ts, values) {
        saved.push({ originator, ts, values });
        const points = latest.get(originator.id) ?? {};
        for (const [k, value] of Object.entries(values))
          if ((points[k]?.ts ?? -Infinity) <= ts) points[k] = { ts, value };
        latest.set(originator.id, points);
      },
      async latest(_tenantId, entity, keys) {
        const points = latest.get(entity.id) ?? {};
        return Object.fromEntries(Object.entries(points).filter(([k]) => !keys || keys.includes(k)));
      },
    },
    attributes: {
      async get(_tenantId, entity, scope, keys) {
        const values = attributes.get(`${entity.id}/${scope}`) ?? {};
        return Object.fromEntries(Object.entries(values).filter(([k]) => !keys || keys.includes(k)));
      },
      async save(_tenantId, entity, scope, values, ts) {
        savedAttributes.push({ entity, scope, values, ts });
        attributes.set(`${entity.id}/${scope}`, { ...attributes.get(`${entity.id}/${scope}`), ...values });
      },
    },
    entities: {
      async fields(_tenantId, entity) {
        const found = entities.get(entity.id);
        return found && found.entityType === entity.type ? found : null;
      },
    },
    relations: {
      async find(_tenantId, query) {
        return relations
          .filter(
            (r) =>
              same(query.direction === "FROM" ? r.from : r.to, query.entity) &&
              (!query.relationType || r.type === query.relationType),
          )
          .map((r) => (query.direction === "FROM" ? r.to : r.from))
          .slice(0, query.limit ?? 100);
      },
      async create(_tenantId, relation) {
        if (relations.some((r) => same(r.from, relation.from) && same(r.to, relation.to) && r.type === relation.type))
          return false;
        relations.push(relation);
        return true;
      },
      async delete(_tenantId, relation) {
        const i = relations.findIndex(
          (r) => same(r.from, relation.from) && same(r.to, relation.to) && r.type === relation.type,
        );
        if (i < 0) return false;
        relations.splice(i, 1);
        return true;
      },
    },
    rpc: {
      async reply(_tenantId, deviceId, requestId, body) {
        replies.push({ deviceId, requestId, body });
      },
      async send(_tenantId, deviceId, request) {
        rpcs.push({ deviceId, ...request });
        return { requestId: rpcs.length, response: request.oneway ? null : rpcAnswer };
      },
    },
    cache: {
      async get(tenantId, k) {
        return cache.get(`${tenantId}/${k}`) ?? null;
      },
      async set(tenantId, k, value) {
        cache.set(`${tenantId}/${k}`, value);
      },
    },
    http: {
      async send(request) {
        requests.push(request);
        return { status: nextStatus, body: JSON.stringify({ received: true }) };
      },
    },
    chains: {
      async get(tenantId, chainId) {
        return chains.get(`${tenantId}/${chainId}`) ?? null;
      },
    },
    delays: {
      async hold(request) {
        const key = `${request.chainId}/${request.nodeId}/${request.message.id}`;
        if (held.has(key)) return "duplicate";
        const waiting = [...held.keys()].filter((k) => k.startsWith(`${request.chainId}/${request.nodeId}/`)).length;
        if (waiting >= request.maxPending) return "full";
        held.set(key, request);
        return "held";
      },
    },
    mqtt: {
      async publish(request) {
        published.push(request);
      },
    },
    notifications: {
      async send(request) {
        const existing = notifications.get(request.dedupKey);
        if (existing) return { requestId: existing.requestId };
        const requestId = `request-${notifications.size + 1}`;
        notifications.set(request.dedupKey, { ...request, requestId });
        return { requestId };
      },
    },
    log(_message: RuleMessage, text: string) {
      logs.push(text);
    },
  };
  return {
    services,
    alarms,
    saved,
    replies,
    requests,
    logs,
    entities,
    attributes,
    latest,
    relations,
    savedAttributes,
    rpcs,
    cache,
    chains,
    held,
    published,
    notifications,
    answerWith(status: number) {
      nextStatus = status;
    },
    answerRpcWith(answer: unknown) {
      rpcAnswer = answer;
    },
  };
}
