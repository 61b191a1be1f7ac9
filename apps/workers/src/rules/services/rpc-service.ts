import type { Redis } from "ioredis";
import { answerClientRpc } from "@industryos/device-bus";
import type { RuleServices } from "@industryos/rules";

/**
 * `action.rpcReply`: answers a device's RPC request (`v1/devices/me/rpc/request/{id}`, HTTP and
 * CoAP alike) through device-bus: the ingest node holding the request waits on the device's
 * downlink channel for this CLIENT_RPC_RESPONSE and sends `v1/devices/me/rpc/response/{id}`.
 * An answer nobody waits for any more (the device's request timed out) is dropped by ingest.
 */
export function createRpcService(redis: Redis): RuleServices["rpc"] {
  return {
    async reply(_tenantId, deviceId, requestId, body) {
      await answerClientRpc(redis, deviceId, requestId, body);
    },
  };
}
