import { awaitRpcAnswer, callServerRpc, sendServerRpc } from "@industryos/device-bus";
import type { RpcRequest } from "@industryos/db";
import { duplicateRedisClient, type RedisClient } from "@industryos/runtime";
import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { ApiError, conflict, forbidden } from "../../errors.ts";
import { isUniqueViolation } from "../../rest/error-response.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { findVisibleDevice } from "../devices/get-device.ts";
import { emitEntityEvent } from "../telemetry/entity-events.ts";
import { skipTake } from "../shared/paging.ts";
import type { listRpcInput, sendRpcInput } from "./schemas.ts";

// Pub/sub needs a connection of its own; one per Redis client is shared by every waiting call.
const subscribers = new WeakMap<RedisClient, RedisClient>();
export function subscriberFor(redis: RedisClient): RedisClient {
  let subscriber = subscribers.get(redis);
  if (!subscriber) {
    // Queue commands until this new connection is up: the web's client refuses commands while
    // disconnected (enableOfflineQueue: false), which made the first RPC after start fail with
    // "Stream isn't writeable" when its SUBSCRIBE beat the connection.
    subscriber = duplicateRedisClient(redis, { enableOfflineQueue: true });
    subscriber.setMaxListeners(0);
    subscribers.set(redis, subscriber);
  }
  return subscriber;
}

/** Closes the RPC subscriber connection of this Redis client (process shutdown, tests). */
export function releaseRpcSubscriber(redis: RedisClient): void {
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

type SendRpcInput = z.infer<typeof sendRpcInput>;
type RpcResult = { requestId: number; oneway: true } | { requestId: number; response: unknown };

const PENDING = new Set(["QUEUED", "SENT", "DELIVERED"]);

const timedOut = (timeoutMs: number, requestId: number) =>
  new ApiError("TIMEOUT", `The device did not answer within ${timeoutMs} ms`, { requestId });

/**
 * Server-side RPC through the ingest tier: the request is stored (QUEUED, so an offline device
 * gets it when it connects within the timeout), published to the device's ingest node, and for
 * two-way calls the device's answer is awaited. No answer in time → 504. With a
 * `clientRequestId`, a repeated submission gets the first request's result and sends nothing.
 */
export async function sendDeviceRpc(ctx: TenantContext, deviceId: string, input: SendRpcInput): Promise<RpcResult> {
  const device = await findVisibleDevice(ctx, deviceId);
  await assertMayCallRpc(ctx, deviceId);
  const earlier = await findEarlierSubmission(ctx, deviceId, input);
  if (earlier) return resultOfEarlier(ctx, earlier, input);
  const rpc = {
    tenantId: ctx.tenantId,
    deviceId,
    method: input.method,
    params: input.params,
    timeoutMs: input.timeoutMs,
    oneway: input.oneway,
    clientRequestId: input.clientRequestId,
  };
  // Audited once the request is stored, so a refused duplicate leaves no entry.
  const audit = () => auditRpc(ctx, device.name, deviceId, input.method);
  try {
    if (input.oneway) {
      const requestId = await sendServerRpc(ctx.db, ctx.deps.redis, rpc, audit);
      return { requestId, oneway: true as const };
    }
    const subscriber = subscriberFor(ctx.deps.redis);
    const { requestId, response } = await callServerRpc(ctx.db, ctx.deps.redis, subscriber, rpc, audit);
    // The call that sent the request reports its outcome to the rule engine (a repeated
    // submission only reads it), once the outcome is stored.
    const metadata = { requestId: String(requestId), method: input.method };
    if (response === null) {
      await markTimedOut(ctx, deviceId, requestId);
      await emitEntityEvent(ctx, { type: "DEVICE", id: deviceId }, {}, { msgType: "RPC_TIMEOUT", metadata });
      throw timedOut(input.timeoutMs, requestId);
    }
    await emitEntityEvent(ctx, { type: "DEVICE", id: deviceId }, response, { msgType: "RPC_SUCCESSFUL", metadata });
    return { requestId, response };
  } catch (error) {
    // Two submissions with the same id at once: the database let one in; answer as that one.
    if (input.clientRequestId && isUniqueViolation(error)) {
      const winner = await findEarlierSubmission(ctx, deviceId, input);
      if (winner) return resultOfEarlier(ctx, winner, input);
    }
    throw error;
  }
}

async function auditRpc(ctx: TenantContext, deviceName: string, deviceId: string, method: string) {
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
    actionType: "RPC_CALL",
    entityType: "DEVICE",
    entityId: deviceId,
    entityName: deviceName,
    actionData: { method },
  });
}

async function markTimedOut(ctx: TenantContext, deviceId: string, requestId: number) {
  await ctx.db.rpcRequest.updateMany({
    where: { deviceId, requestId, status: { in: ["QUEUED", "SENT", "DELIVERED"] } },
    data: { status: "TIMEOUT" },
  });
}

async function findEarlierSubmission(ctx: TenantContext, deviceId: string, input: SendRpcInput) {
  if (!input.clientRequestId) return null;
  return ctx.db.rpcRequest.findFirst({ where: { deviceId, clientRequestId: input.clientRequestId } });
}

/** What the first submission with this id got (or gets: a pending two-way call is awaited). */
async function resultOfEarlier(ctx: TenantContext, earlier: RpcRequest, input: SendRpcInput): Promise<RpcResult> {
  if (earlier.method !== input.method || earlier.oneway !== input.oneway) {
    throw conflict(`clientRequestId ${input.clientRequestId} was already used for another command`);
  }
  const { requestId } = earlier;
  if (earlier.oneway) return { requestId, oneway: true as const };
  if (earlier.status === "SUCCESSFUL") return { requestId, response: earlier.response };
  const timeoutMs = earlier.expiresAt.getTime() - earlier.createdAt.getTime();
  if (!PENDING.has(earlier.status)) throw timedOut(timeoutMs, requestId);
  // Still waiting for the device: listen first, then look again, so an answer cannot slip between.
  const wait = await awaitRpcAnswer(
    subscriberFor(ctx.deps.redis),
    earlier.deviceId,
    requestId,
    earlier.expiresAt.getTime(),
  );
  try {
    const now = await ctx.db.rpcRequest.findUniqueOrThrow({ where: { id: earlier.id } });
    if (now.status === "SUCCESSFUL") return { requestId, response: now.response };
    if (!PENDING.has(now.status)) throw timedOut(timeoutMs, requestId);
    const response = await wait.answer;
    if (response === null) {
      await markTimedOut(ctx, earlier.deviceId, requestId);
      throw timedOut(timeoutMs, requestId);
    }
    return { requestId, response };
  } finally {
    await wait.stop();
  }
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
