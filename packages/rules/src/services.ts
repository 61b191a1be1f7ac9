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
  log(message: RuleMessage, text: string): void;
}
