import { randomUUID } from "node:crypto";
import type { RedisClient } from "@industryos/runtime";

/**
 * LwM2M between the API and the ingest node holding a client's registration: the registration is
 * kept in Redis (any node's API reads it), and operations travel as a request on the device's
 * LwM2M channel, which only the node holding the registration subscribes to, answered on a
 * channel of the request's own.
 */

/** An object instance (or an object without instances) the client announced, as `/3/0` or `/5`. */
export interface Lwm2mObjectLink {
  path: string;
  objectId: number;
  instanceId?: number;
  /** The object's version when the client named one (`ver=`). */
  version?: string;
  /** From the object's model, when the platform knows it. */
  name?: string;
}

export interface Lwm2mRegistration {
  tenantId: string;
  deviceId: string;
  endpoint: string;
  registrationId: string;
  /** Seconds; the registration ends this long after its last update. */
  lifetime: number;
  binding: string;
  lwm2mVersion: string;
  objects: Lwm2mObjectLink[];
  /** ISO times. */
  registeredAt: string;
  lastUpdateAt: string;
  /** Where the client registered from, which is where the server's requests go. */
  address: string;
  port: number;
}

export const LWM2M_OPERATIONS = ["read", "write", "execute", "observe", "cancel-observe", "discover"] as const;
export type Lwm2mOperationName = (typeof LWM2M_OPERATIONS)[number];

export interface Lwm2mOperationRequest {
  id: string;
  operation: Lwm2mOperationName;
  /** `/3/0/0`, `/3/0` or `/3`. */
  path: string;
  /** write: the value; execute: the arguments (text). */
  value?: unknown;
  timeoutMs: number;
}

/** What the client answered, decoded; `code` is the CoAP response code (`2.05`). */
export type Lwm2mOperationResult =
  | {
      ok: true;
      code: string;
      contentFormat?: number;
      /** A single resource's value (read, observe). */
      value?: unknown;
      /** Every resource (instance) in the answer, by path. */
      values?: Array<{ path: string; value: unknown }>;
      /** discover: the client's links. */
      links?: Array<{ path: string; attributes: Record<string, string | true> }>;
    }
  | {
      ok: false;
      /** The CoAP response code, or `TIMEOUT` when the client did not answer, `BAD_REQUEST` for a request ingest refused. */
      code: string;
      message: string;
    };

export function lwm2mRegistrationKey(deviceId: string): string {
  return `lwm2m:registration:${deviceId}`;
}

export function lwm2mRequestChannel(deviceId: string): string {
  return `lwm2m:request:${deviceId}`;
}

export function lwm2mResponseChannel(requestId: string): string {
  return `lwm2m:response:${requestId}`;
}

export async function readLwm2mRegistration(redis: RedisClient, deviceId: string): Promise<Lwm2mRegistration | null> {
  const json = await redis.get(lwm2mRegistrationKey(deviceId));
  return json === null ? null : (JSON.parse(json) as Lwm2mRegistration);
}

/** Why an operation could not even be asked: no node holds a registration of the device. */
export class Lwm2mNotRegisteredError extends Error {
  constructor() {
    super("The device is not registered over LwM2M");
    this.name = "Lwm2mNotRegisteredError";
  }
}

/**
 * Asks the ingest node holding the device's registration to run one operation on the client, and
 * waits for its answer (ingest answers a client's silence with `TIMEOUT` after `timeoutMs`; this
 * waits a little longer for that answer). `subscriber` is a connection in subscriber mode.
 */
export async function callLwm2mOperation(
  redis: RedisClient,
  subscriber: RedisClient,
  deviceId: string,
  request: Omit<Lwm2mOperationRequest, "id">,
): Promise<Lwm2mOperationResult> {
  const id = randomUUID();
  const channel = lwm2mResponseChannel(id);
  let answered: (result: Lwm2mOperationResult) => void = () => undefined;
  const answer = new Promise<Lwm2mOperationResult>((resolve) => (answered = resolve));
  const listener = (ch: string, message: string) => {
    if (ch === channel) answered(JSON.parse(message) as Lwm2mOperationResult);
  };
  subscriber.on("message", listener);
  const timer = setTimeout(
    () => answered({ ok: false, code: "TIMEOUT", message: `The client did not answer within ${request.timeoutMs} ms` }),
    request.timeoutMs + 2_000,
  );
  try {
    await subscriber.subscribe(channel);
    const message: Lwm2mOperationRequest = { id, ...request };
    const receivers = await redis.publish(lwm2mRequestChannel(deviceId), JSON.stringify(message));
    if (receivers === 0) throw new Lwm2mNotRegisteredError();
    return await answer;
  } finally {
    clearTimeout(timer);
    subscriber.off("message", listener);
    await subscriber.unsubscribe(channel).catch(() => undefined);
  }
}
