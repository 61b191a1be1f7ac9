import { z } from "zod";
import {
  deleteDeviceAttributes,
  listDeviceAttributes,
  saveDeviceAttributes,
} from "../../services/attributes/attributes.ts";
import {
  attributeKeyList,
  attributeValues,
  attributeView,
  listAttributesInput,
  writableScope,
} from "../../services/attributes/schemas.ts";
import { listDeviceRpc, sendDeviceRpc } from "../../services/rpc/rpc.ts";
import { listRpcInput, sendRpcInput } from "../../services/rpc/schemas.ts";
import { uuid } from "../../services/shared/paging.ts";
import { latestTelemetryInput, telemetryHistoryInput, telemetryPoint } from "../../services/telemetry/schemas.ts";
import { latestTelemetry, telemetryHistory, telemetryKeys } from "../../services/telemetry/telemetry.ts";
import { defineRoute, RestReply } from "../route.ts";

const TAG = "Device data";
const ADMIN: ["TENANT_ADMIN"] = ["TENANT_ADMIN"];
const ANY_TENANT_USER: ["TENANT_ADMIN", "CUSTOMER_USER"] = ["TENANT_ADMIN", "CUSTOMER_USER"];
const idParams = z.object({ id: uuid });
const scopeParams = z.object({ id: uuid, scope: writableScope });

export const deviceDataRoutes = [
  defineRoute({
    method: "GET",
    path: "/devices/{id}/telemetry/latest",
    tag: TAG,
    summary: "Latest value of each telemetry key",
    description: "`keys` is a comma-separated list (all keys when omitted). Answers `{key: {ts, value}}`.",
    access: "tenant",
    roles: ANY_TENANT_USER,
    params: idParams,
    query: latestTelemetryInput,
    response: z.record(z.string(), telemetryPoint),
    handler: async ({ ctx, params, query }) => latestTelemetry(ctx, params.id, query),
  }),
  defineRoute({
    method: "GET",
    path: "/devices/{id}/telemetry",
    tag: TAG,
    summary: "Telemetry history",
    description:
      "Times are epoch milliseconds (default: the last 24 hours). `agg` other than NONE needs `interval` (ms). Answers `{key: [{ts, value}]}`.",
    access: "tenant",
    roles: ANY_TENANT_USER,
    params: idParams,
    query: telemetryHistoryInput,
    response: z.record(z.string(), z.array(telemetryPoint)),
    handler: async ({ ctx, params, query }) => telemetryHistory(ctx, params.id, query),
  }),
  defineRoute({
    method: "GET",
    path: "/devices/{id}/telemetry/keys",
    tag: TAG,
    summary: "Telemetry keys the device has reported",
    access: "tenant",
    roles: ANY_TENANT_USER,
    params: idParams,
    response: z.array(z.string()),
    handler: async ({ ctx, params }) => telemetryKeys(ctx, params.id),
  }),
  defineRoute({
    method: "GET",
    path: "/devices/{id}/attributes",
    tag: TAG,
    summary: "List the device's attributes",
    description: "`scope` is CLIENT, SHARED or SERVER (all when omitted); `keys` a comma-separated list.",
    access: "tenant",
    roles: ANY_TENANT_USER,
    params: idParams,
    query: listAttributesInput,
    response: z.array(attributeView),
    handler: async ({ ctx, params, query }) => listDeviceAttributes(ctx, params.id, query),
  }),
  defineRoute({
    method: "POST",
    path: "/devices/{id}/attributes/{scope}",
    tag: TAG,
    summary: "Save SHARED or SERVER attributes",
    description: "Body `{key: value, ...}`. Shared attributes are pushed to the device at once.",
    access: "tenant",
    roles: ADMIN,
    params: scopeParams,
    body: attributeValues,
    response: z.array(attributeView),
    handler: async ({ ctx, params, body }) => saveDeviceAttributes(ctx, params.id, params.scope, body),
  }),
  defineRoute({
    method: "DELETE",
    path: "/devices/{id}/attributes/{scope}",
    tag: TAG,
    summary: "Delete SHARED or SERVER attributes",
    access: "tenant",
    roles: ADMIN,
    params: scopeParams,
    query: z.object({ keys: attributeKeyList.pipe(z.array(z.string()).min(1, "Name the keys to delete")) }),
    handler: async ({ ctx, params, query }) => deleteDeviceAttributes(ctx, params.id, params.scope, query.keys),
  }),
  defineRoute({
    method: "POST",
    path: "/devices/{id}/rpc",
    tag: TAG,
    summary: "Send an RPC to the device",
    description:
      "Two-way calls answer `{requestId, response}` with the device's answer, or 504 when it does not answer within `timeoutMs`. One-way calls answer 202.",
    access: "tenant",
    roles: ANY_TENANT_USER,
    params: idParams,
    body: sendRpcInput,
    handler: async ({ ctx, params, body }) => {
      const result = await sendDeviceRpc(ctx, params.id, body);
      return "oneway" in result ? new RestReply(202, result) : result;
    },
  }),
  defineRoute({
    method: "GET",
    path: "/devices/{id}/rpc",
    tag: TAG,
    summary: "List the device's persistent RPC requests",
    access: "tenant",
    roles: ANY_TENANT_USER,
    params: idParams,
    query: listRpcInput,
    handler: async ({ ctx, params, query }) => listDeviceRpc(ctx, params.id, query),
  }),
];
