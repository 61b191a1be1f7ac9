import { duplicateRedisClient, type RedisClient } from "@industryos/runtime";
import type { DatabaseClients } from "@industryos/db";
import { answerClientRpc, callServerRpc, sendServerRpc } from "@industryos/device-bus";
import { PermanentError, type RuleServices } from "@industryos/rules";
import { isUuid } from "./entity-service.ts";

/**
 * `action.rpcReply`: answers a device's RPC request (`v1/devices/me/rpc/request/{id}`, HTTP and
 * CoAP alike) through device-bus: the ingest node holding the request waits on the device's
 * downlink channel for this CLIENT_RPC_RESPONSE and sends `v1/devices/me/rpc/response/{id}`.
 * An answer nobody waits for any more (the device's request timed out) is dropped by ingest.
 *
 * `action.rpcToDevice`: a server-side RPC as the API sends one (device-bus's `sendServerRpc` /
 * `callServerRpc`): stored through the tenant-scoped client (row-level security: only the
 * tenant's own device), published to the device's ingest node, the answer awaited on a pub/sub
 * connection of this service's own (opened at the first two-way call, closed by `close`).
 */
export function createRpcService(
  redis: RedisClient,
  db: DatabaseClients,
): RuleServices["rpc"] & { close(): Promise<void> } {
  let subscriber: RedisClient | undefined;
  const subscriberOf = () => {
    if (!subscriber) {
      subscriber = duplicateRedisClient(redis, { enableOfflineQueue: true });
      subscriber.setMaxListeners(0);
    }
    return subscriber;
  };

  async function assertDevice(tenantId: string, deviceId: string) {
    const found =
      isUuid(deviceId) &&
      (await db.forTenant(tenantId).device.findFirst({ where: { id: deviceId }, select: { id: true } }));
    if (!found) throw new PermanentError(`No device ${deviceId} in this tenant`);
  }

  return {
    async reply(_tenantId, deviceId, requestId, body) {
      await answerClientRpc(redis, deviceId, requestId, body);
    },
    async send(tenantId, deviceId, request) {
      await assertDevice(tenantId, deviceId);
      const rpc = { tenantId, deviceId, ...request };
      const scoped = db.forTenant(tenantId);
      if (request.oneway) return { requestId: await sendServerRpc(scoped, redis, rpc), response: null };
      const { requestId, response } = await callServerRpc(scoped, redis, subscriberOf(), rpc);
      if (response === null)
        await scoped.rpcRequest.updateMany({
          where: { deviceId, requestId, status: { in: ["QUEUED", "SENT", "DELIVERED"] } },
          data: { status: "TIMEOUT" },
        });
      return { requestId, response };
    },
    async close() {
      await subscriber?.quit().catch(() => subscriber?.disconnect());
      subscriber = undefined;
    },
  };
}
