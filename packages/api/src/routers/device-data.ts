import { z } from "zod";
import {
  deleteDeviceAttributes,
  listDeviceAttributes,
  saveDeviceAttributes,
} from "../services/attributes/attributes.ts";
import { attributeScope, attributeValues, writableScope } from "../services/attributes/schemas.ts";
import { listDeviceRpc, sendDeviceRpc } from "../services/rpc/rpc.ts";
import { listRpcInput, sendRpcInput } from "../services/rpc/schemas.ts";
import { uuid } from "../services/shared/paging.ts";
import { telemetryHistoryInput } from "../services/telemetry/schemas.ts";
import { latestTelemetry, telemetryHistory, telemetryKeys } from "../services/telemetry/telemetry.ts";
import { adminProcedure, router, tenantProcedure } from "../trpc.ts";

const deviceId = z.object({ deviceId: uuid });

export const deviceDataRouter = router({
  latestTelemetry: tenantProcedure
    .input(deviceId)
    .query(({ ctx, input }) => latestTelemetry(ctx.tenant, input.deviceId, {})),
  telemetryHistory: tenantProcedure
    .input(z.object({ deviceId: uuid, query: telemetryHistoryInput }))
    .query(({ ctx, input }) => telemetryHistory(ctx.tenant, input.deviceId, input.query)),
  telemetryKeys: tenantProcedure.input(deviceId).query(({ ctx, input }) => telemetryKeys(ctx.tenant, input.deviceId)),
  attributes: tenantProcedure
    .input(deviceId.extend({ scope: attributeScope.optional() }))
    .query(({ ctx, input }) => listDeviceAttributes(ctx.tenant, input.deviceId, { scope: input.scope })),
  saveAttributes: adminProcedure
    .input(deviceId.extend({ scope: writableScope, values: attributeValues }))
    .mutation(({ ctx, input }) => saveDeviceAttributes(ctx.tenant, input.deviceId, input.scope, input.values)),
  deleteAttributes: adminProcedure
    .input(deviceId.extend({ scope: writableScope, keys: z.array(z.string()).min(1) }))
    .mutation(({ ctx, input }) => deleteDeviceAttributes(ctx.tenant, input.deviceId, input.scope, input.keys)),
  sendRpc: tenantProcedure
    .input(deviceId.extend({ request: sendRpcInput }))
    .mutation(({ ctx, input }) => sendDeviceRpc(ctx.tenant, input.deviceId, input.request)),
  rpcHistory: tenantProcedure
    .input(deviceId.merge(listRpcInput))
    .query(({ ctx, input }) => listDeviceRpc(ctx.tenant, input.deviceId, input)),
});
