import type { CompiledChain } from "./chain.ts";
import type { Originator, RuleMessage } from "./message.ts";

export const ALARM_SEVERITIES = ["CRITICAL", "MAJOR", "MINOR", "WARNING", "INDETERMINATE"] as const;
export type AlarmSeverity = (typeof ALARM_SEVERITIES)[number];

export interface AlarmChange {
  alarmId: string;
  /** "created", "updated" (severity or details), "cleared", or "unchanged" (a repeat). */
  change: "created" | "updated" | "cleared" | "unchanged";
}

export const ATTRIBUTE_SCOPES = ["CLIENT", "SHARED", "SERVER"] as const;
export type AttributeScope = (typeof ATTRIBUTE_SCOPES)[number];

/**
 * Direction of a relation seen from the entity asked about: `FROM` follows relations going out of
 * it (it is the relation's `from`), `TO` relations coming into it.
 */
export const RELATION_DIRECTIONS = ["FROM", "TO"] as const;
export type RelationDirection = (typeof RELATION_DIRECTIONS)[number];

/** An entity's own fields, as enrichment and switch nodes read them. */
export interface EntityFields {
  id: string;
  /** DEVICE, ASSET, CUSTOMER or TENANT. */
  entityType: string;
  /** A device's or asset's name, a customer's or tenant's title. */
  name: string;
  label: string | null;
  /** A device's or asset's free-text type (`default`, `thermostat`); null for customers and tenants. */
  type: string | null;
  /** A device's or asset's profile name. */
  profileName: string | null;
  /** The customer a device or asset is assigned to. */
  customerId: string | null;
  createdTime: number;
}

/** A stored telemetry value with its time. */
export interface LatestValue {
  ts: number;
  value: unknown;
}

/** A message the delay node hands over, to go on along the node's `Success` connections after `delayMs`. */
export interface DelayRequest {
  tenantId: string;
  chainId: string;
  nodeId: string;
  message: RuleMessage;
  delayMs: number;
  /** Messages that may wait in this node at once; one more is refused ("full"). */
  maxPending: number;
}

/** One MQTT publish of `external.mqtt`: a connection's settings, the topic and the payload. */
export interface MqttPublishRequest {
  host: string;
  port: number;
  tls: boolean;
  clientId?: string;
  username?: string;
  password?: string;
  topic: string;
  payload: string;
  qos: 0 | 1 | 2;
  retain: boolean;
}

export const NOTIFICATION_CHANNELS = ["IN_APP", "EMAIL", "SMS", "SLACK", "WEBHOOK"] as const;
export type NotificationChannelName = (typeof NOTIFICATION_CHANNELS)[number];

/**
 * A notification a rule node asks for (`external.email`, `external.sms`, `external.slack`,
 * `action.notify`): a template or text, to targets and/or addresses, with the message's fields for
 * the `${placeholders}`. Sent by the notification center's own workflow, like every notification.
 */
export interface RuleNotification {
  tenantId: string;
  /** One request per key: a redelivered message finds the request its first delivery made. */
  dedupKey: string;
  originator: Originator;
  /** The placeholders' values (`${deviceName}`, `${data.temperature}`, ...). */
  info: Record<string, unknown>;
  templateId?: string;
  targetIds?: string[];
  /** The text on every channel sent on, without a template. */
  content?: { subject?: string; body: string };
  channels?: NotificationChannelName[];
  /** Addresses besides the targets': emails, E.164 numbers, Slack channels. */
  recipients?: Partial<Record<NotificationChannelName, string[]>>;
}

/**
 * What rule nodes act on. The workers implement it over PostgreSQL, Redis and the device bus;
 * every action is idempotent where a redelivered message would repeat it (an alarm is keyed by
 * originator and type).
 */
export interface RuleServices {
  alarms: {
    createOrUpdate(
      tenantId: string,
      originator: Originator,
      alarm: { type: string; severity: AlarmSeverity; details: unknown; ts: number },
    ): Promise<AlarmChange>;
    clear(
      tenantId: string,
      originator: Originator,
      type: string,
      details: unknown,
      ts: number,
    ): Promise<AlarmChange | null>;
  };
  telemetry: {
    save(tenantId: string, originator: Originator, ts: number, values: Record<string, unknown>): Promise<void>;
    /** The newest stored value of each key the entity has (all its keys when `keys` is omitted). */
    latest(tenantId: string, entity: Originator, keys?: string[]): Promise<Record<string, LatestValue>>;
  };
  attributes: {
    /** The entity's attributes of one scope, by key (only the keys asked for, when given). */
    get(tenantId: string, entity: Originator, scope: AttributeScope, keys?: string[]): Promise<Record<string, unknown>>;
    /**
     * Upserts the entity's attributes of one scope at `ts` (an older value never overwrites a
     * newer one). SHARED attributes exist only for devices and are pushed to the device.
     */
    save(
      tenantId: string,
      entity: Originator,
      scope: AttributeScope,
      values: Record<string, unknown>,
      ts: number,
    ): Promise<void>;
  };
  entities: {
    /** The entity's fields, or null when the tenant has no such entity. */
    fields(tenantId: string, entity: Originator): Promise<EntityFields | null>;
  };
  relations: {
    /**
     * Entities related to `entity` in `direction`, of the relation type when given (oldest
     * relation first, at most `limit`, default 100).
     */
    find(
      tenantId: string,
      query: { entity: Originator; direction: RelationDirection; relationType?: string; limit?: number },
    ): Promise<Originator[]>;
    /** Creates the relation; false when it existed already. */
    create(tenantId: string, relation: { from: Originator; to: Originator; type: string }): Promise<boolean>;
    /** Deletes the relation; false when there was none. */
    delete(tenantId: string, relation: { from: Originator; to: Originator; type: string }): Promise<boolean>;
  };
  rpc: {
    /** Answers a device's RPC request (`metadata.requestId`) with `body`. */
    reply(tenantId: string, deviceId: string, requestId: number, body: unknown): Promise<void>;
    /**
     * Sends a server-side RPC to the device (stored, so an offline device gets it when it connects
     * within the timeout). A one-way call resolves once sent; a two-way call with the device's
     * answer, or `response: null` when none came within `timeoutMs`.
     */
    send(
      tenantId: string,
      deviceId: string,
      request: { method: string; params: unknown; timeoutMs: number; oneway: boolean },
    ): Promise<{ requestId: number; response: unknown }>;
  };
  /**
   * Small per-tenant state that outlives one message (deduplication windows), shared by every
   * worker; entries expire after `ttlSeconds`.
   */
  cache: {
    get(tenantId: string, key: string): Promise<string | null>;
    set(tenantId: string, key: string, value: string, ttlSeconds: number): Promise<void>;
  };
  http: {
    /** An outgoing call; refuses private and link-local addresses unless configuration allows them. */
    send(request: { url: string; method: string; headers: Record<string, string>; body: string }): Promise<{
      status: number;
      body: string;
    }>;
  };
  /** The tenant's other chains, for `flow.chain`. */
  chains: {
    /**
     * The tenant's chain of this id, compiled; null when the tenant has none (another tenant's id
     * finds nothing). Throws PermanentError when it exists but cannot run.
     */
    get(tenantId: string, chainId: string): Promise<CompiledChain | null>;
  };
  /** Durable waits (Temporal in the workers), for `action.delay`. */
  delays: {
    /**
     * Holds the message durably and sends it on along the node's `Success` connections after
     * `delayMs`, in the originator's partition like any message. Idempotent by chain, node and
     * message id: `duplicate` when this node holds (or held) this message already, as after a
     * redelivery; `full` when `maxPending` messages wait in the node.
     */
    hold(request: DelayRequest): Promise<"held" | "duplicate" | "full">;
  };
  mqtt: {
    /**
     * Publishes to an MQTT broker (connections kept for reuse); refuses private addresses unless
     * configuration allows them, as `http.send` does. Resolves when the broker accepted it (QoS 1
     * and 2) or it was written (QoS 0).
     */
    publish(request: MqttPublishRequest): Promise<void>;
  };
  notifications: {
    /**
     * Requests a notification (idempotent by `dedupKey`); resolves once it is on its way (its
     * deliveries follow in the notification center's log). Throws PermanentError when a template or
     * target is not the tenant's.
     */
    send(request: RuleNotification): Promise<{ requestId: string }>;
  };
  log(message: RuleMessage, text: string): void;
}
