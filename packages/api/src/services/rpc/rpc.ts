import { callServerRpc, sendServerRpc } from "@industryos/device-bus";
import type { Redis } from "ioredis";
import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { ApiError, forbidden } from "../../errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { findVisibleDevice } from "../devices/get-device.ts";
import { skipTake } from "../shared/paging.ts";
import type { listRpcInput, sendRpcInput } from "./schemas.ts";

// Pub/sub needs a connection of its own; one per Redis client is shared by every waiting call.
const subscribers = new WeakMap<Redis, Redis>();
function subscriberFor(redis: Redis): Redis {
  let subscriber = subscribers.get(redis);
  if (!subscriber) {
    // Queue commands until this new connection is up: the web's client refuses commands while
    // disconnected (enableOfflineQueue: false), which made the first RPC after start fail with
    // "Stream isn't writeable" when its SUBSCRIBE beat the connection.
    subscriber = redis.duplicate({ enableOfflineQueue: true });
    subscriber.setMaxListeners(0);
    subscribers.set(redis, subscriber);
  }
  return subscriber;
}

/** Closes the RPC subscriber connection of this Redis client (process shutdown, tests). */
export function releaseRpcSubscriber(redis: Redis): void {
  subscribers.get(redis)?.disconnect();
  subscribers.delete(redis);
}

/** Customer users may send RPC only when the device's server attribute `allowCustomerRpc` is true. */
async function assertMayCallRpc(ctx: TenantContext, deviceId: string) {
  if (ctx.actor.role !== "CUSTOMER_USER") return;
  const allowed = await ctx.db.attribute.findFirst({
    where: { entityId: deviceId, scope: "SERVER", key: "allowCustomerRpc", boolValue: true },
  });
  if (!allowed) throw forbidden("Your administrator has not allowed you to control this device");
}

/**
 * Server-side RPC through the ingest tier: the request is stored (QUEUED, so an offline device
 * gets it when it connects within the timeout), published to the device's ingest node, and for
 * two-way calls the device's answer is awaited. No answer in time → 504.
 */
export async function sendDeviceRpc(ctx: TenantContext, deviceId: string, input: z.infer<typeof sendRpcInput>) {
  const device = await findVisibleDevice(ctx, deviceId);
  await assertMayCallRpc(ctx, deviceId);
  const rpc = {
    tenantId: ctx.tenantId,
    deviceId,
    method: input.method,
    params: input.params,
    timeoutMs: input.timeoutMs,
    oneway: input.oneway,
  };
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
    actionType: "RPC_CALL",
    entityType: "DEVICE",
    entityId: deviceId,
    entityName: device.name,
    actionData: { method: input.method },
  });
  if (input.oneway) {
    const requestId = await sendServerRpc(ctx.db, ctx.deps.redis, rpc);
    return { requestId, oneway: true as const };
  }
  const { requestId, response } = await callServerRpc(ctx.db, ctx.deps.redis, subscriberFor(ctx.deps.redis), rpc);
  if (response === null) {
    await ctx.db.rpcRequest.updateMany({
      where: { deviceId, requestId, status: { in: ["QUEUED", "SENT", "DELIVERED"] } },
      data: { status: "TIMEOUT" },
    });
    throw new ApiError("TIMEOUT", `The device did not answer within ${input.timeoutMs} ms`, { requestId });
  }
  return { requestId, response };
}

/** Persistent RPC requests of the device, newest first. */
export async function listDeviceRpc(ctx: TenantContext, deviceId: string, input: z.infer<typeof listRpcInput>) {
  await findVisibleDevice(ctx, deviceId);
  const where = { deviceId };
  const [rows, total] = await Promise.all([
    ctx.db.rpcRequest.findMany({ where, orderBy: { createdAt: "desc" }, ...skipTake(input) }),
    ctx.db.rpcRequest.count({ where }),
  ]);
  return {
    data: rows.map((r) => ({
      id: r.id,
      requestId: r.requestId,
      method: r.method,
      params: r.params,
      status: r.status,
      response: r.response,
      oneway: r.oneway,
      expiresAt: r.expiresAt.toISOString(),
      createdAt: r.createdAt.toISOString(),
    })),
    total,
    page: input.page,
    pageSize: input.pageSize,
  };
}
