import type { RedisClient } from "@industryos/runtime";
import {
  deviceDownlinkChannel,
  rpcResponseChannel,
  type DeviceDownlink,
  type KeyValue,
} from "@industryos/device-protocol";
import type { SystemClient, TenantClient } from "@industryos/db";

/**
 * Downlink calls for the platform (web API, rule engine): they reach the device on whichever
 * ingest node holds its connection. Persist the change first (attributes, the RpcRequest row),
 * then call these.
 */

async function publish(redis: RedisClient, downlink: DeviceDownlink): Promise<number> {
  return redis.publish(deviceDownlinkChannel(downlink.deviceId), JSON.stringify(downlink));
}

/** Pushes saved shared-attribute changes to the device (`v1/devices/me/attributes`, HTTP/CoAP pollers). */
export function pushSharedAttributes(
  redis: RedisClient,
  deviceId: string,
  change: { updated?: KeyValue[]; deleted?: string[] },
) {
  return publish(redis, { type: "SHARED_ATTRIBUTES", deviceId, ...change });
}

/** Answers a device's client-side RPC (`v1/devices/me/rpc/request/{id}`) from the rule engine. */
export function answerClientRpc(redis: RedisClient, deviceId: string, requestId: number, body: unknown) {
  return publish(redis, { type: "CLIENT_RPC_RESPONSE", deviceId, requestId, body });
}

export interface ServerRpc {
  tenantId: string;
  deviceId: string;
  method: string;
  params?: unknown;
  /** After this the request is EXPIRED if never sent (queued for an offline device until then). */
  timeoutMs: number;
  oneway?: boolean;
  /** The caller's id for this command; a second request with it is refused by the database. */
  clientRequestId?: string;
}

/**
 * Server-side RPC: stores the request (QUEUED, so an offline device gets it when it connects)
 * and publishes it for a connected one. Returns the request id used on the device's topics.
 * `beforePublish` runs between the two (subscribe to the response there, see `callServerRpc`).
 */
export async function sendServerRpc(
  db: SystemClient | TenantClient,
  redis: RedisClient,
  rpc: ServerRpc,
  beforePublish?: (requestId: number) => Promise<void>,
): Promise<number> {
  const expiresAt = new Date(Date.now() + rpc.timeoutMs);
  const row = await db.rpcRequest.create({
    data: {
      tenantId: rpc.tenantId,
      deviceId: rpc.deviceId,
      method: rpc.method,
      params: (rpc.params ?? {}) as object,
      oneway: rpc.oneway ?? false,
      clientRequestId: rpc.clientRequestId,
      expiresAt,
    },
  });
  await beforePublish?.(row.requestId);
  await publish(redis, {
    type: "RPC_REQUEST",
    deviceId: rpc.deviceId,
    requestId: row.requestId,
    method: rpc.method,
    params: rpc.params ?? {},
    oneway: rpc.oneway ?? false,
    expirationTime: expiresAt.getTime(),
  });
  return row.requestId;
}

/** A device's answer to one server-side RPC, as ingest publishes it. */
export interface RpcAnswerWait {
  /** Resolves with the response, or null once `stop()` is called or the deadline passes. */
  answer: Promise<unknown>;
  stop(): Promise<void>;
}

/**
 * Listens for the device's answer to request `requestId` (on `subscriber`, a dedicated
 * connection as pub/sub requires) until `deadline` (epoch ms). Subscribe before the answer can
 * be published: before sending, or before re-reading a stored request.
 */
export async function awaitRpcAnswer(
  subscriber: RedisClient,
  deviceId: string,
  requestId: number,
  deadline: number,
): Promise<RpcAnswerWait> {
  const channel = rpcResponseChannel(deviceId, requestId);
  let answered: (value: unknown) => void = () => undefined;
  const answer = new Promise<unknown>((resolve) => (answered = resolve));
  const listener = (ch: string, message: string) => {
    if (ch === channel) answered((JSON.parse(message) as { response: unknown }).response);
  };
  subscriber.on("message", listener);
  const timer = setTimeout(() => answered(null), Math.max(0, deadline - Date.now()));
  const stop = async () => {
    clearTimeout(timer);
    answered(null);
    subscriber.off("message", listener);
    await subscriber.unsubscribe(channel).catch(() => undefined);
  };
  try {
    await subscriber.subscribe(channel);
  } catch (error) {
    await stop();
    throw error;
  }
  return { answer, stop };
}

/**
 * Two-way server-side RPC: sends it and waits for the device's answer. Resolves
 * `{requestId, response}`; response is null when the device did not answer within the timeout
 * (the row then becomes EXPIRED/TIMEOUT).
 */
export async function callServerRpc(
  db: SystemClient | TenantClient,
  redis: RedisClient,
  subscriber: RedisClient,
  rpc: ServerRpc,
  /** Runs once the request is stored, before it is sent (an audit entry, say). */
  onStored?: (requestId: number) => Promise<void>,
): Promise<{ requestId: number; response: unknown }> {
  let wait: RpcAnswerWait | undefined;
  try {
    const requestId = await sendServerRpc(db, redis, rpc, async (id) => {
      wait = await awaitRpcAnswer(subscriber, rpc.deviceId, id, Date.now() + rpc.timeoutMs);
      await onStored?.(id);
    });
    return { requestId, response: await wait!.answer };
  } finally {
    await wait?.stop();
  }
}
