import { defineOperation, Reply } from "../../operations/operation.ts";
import { TENANT_USERS } from "../../operations/roles.ts";
import { idParams } from "../shared/paging.ts";
import { listDeviceRpc, sendDeviceRpc } from "./rpc.ts";
import { listRpcInput, sendRpcInput } from "./schemas.ts";

const tag = "RPC";

export const rpcOperations = {
  send: defineOperation({
    method: "POST",
    path: "/devices/{id}/rpc",
    tag,
    summary: "Send an RPC to the device",
    description:
      "Two-way calls answer `{requestId, response}` with the device's answer, or 504 when it does not answer within `timeoutMs`. One-way calls answer 202.",
    access: "tenant",
    roles: TENANT_USERS,
    params: idParams,
    body: sendRpcInput,
    example: { method: "setValve", params: { open: false }, oneway: true },
    handler: async ({ ctx, params, body }) => {
      const result = await sendDeviceRpc(ctx, params.id, body);
      return "oneway" in result ? new Reply(202, result) : result;
    },
  }),
  list: defineOperation({
    method: "GET",
    path: "/devices/{id}/rpc",
    tag,
    summary: "List the device's persistent RPC requests",
    access: "tenant",
    roles: TENANT_USERS,
    params: idParams,
    query: listRpcInput,
    handler: ({ ctx, params, query }) => listDeviceRpc(ctx, params.id, query),
  }),
};
