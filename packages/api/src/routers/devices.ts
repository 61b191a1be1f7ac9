import { z } from "zod";
import { getConnectionInfo } from "../services/credentials/connection-info.ts";
import { getDeviceCredentials } from "../services/credentials/get-credentials.ts";
import { replaceDeviceCredentials } from "../services/credentials/replace-credentials.ts";
import { credentialsInput } from "../services/credentials/schemas.ts";
import { createDevice } from "../services/devices/create-device.ts";
import { deleteDevice } from "../services/devices/delete-device.ts";
import { getDevice } from "../services/devices/get-device.ts";
import { listDevices } from "../services/devices/list-devices.ts";
import { createDeviceInput, listDevicesInput, updateDeviceInput } from "../services/devices/schemas.ts";
import { updateDevice } from "../services/devices/update-device.ts";
import { uuid } from "../services/shared/paging.ts";
import { adminProcedure, router, tenantProcedure } from "../trpc.ts";

const byId = z.object({ id: uuid });

/** Thin: each procedure validates and hands over to the service the REST route also uses. */
export const devicesRouter = router({
  list: tenantProcedure.input(listDevicesInput).query(({ ctx, input }) => listDevices(ctx.tenant, input)),
  get: tenantProcedure.input(byId).query(({ ctx, input }) => getDevice(ctx.tenant, input.id)),
  create: adminProcedure.input(createDeviceInput).mutation(({ ctx, input }) => createDevice(ctx.tenant, input)),
  update: adminProcedure
    .input(byId.extend({ patch: updateDeviceInput }))
    .mutation(({ ctx, input }) => updateDevice(ctx.tenant, input.id, input.patch)),
  delete: adminProcedure.input(byId).mutation(({ ctx, input }) => deleteDevice(ctx.tenant, input.id)),
  credentials: adminProcedure.input(byId).query(({ ctx, input }) => getDeviceCredentials(ctx.tenant, input.id)),
  connectionInfo: adminProcedure.input(byId).query(({ ctx, input }) => getConnectionInfo(ctx.tenant, input.id)),
  replaceCredentials: adminProcedure
    .input(byId.extend({ credentials: credentialsInput }))
    .mutation(({ ctx, input }) => replaceDeviceCredentials(ctx.tenant, input.id, input.credentials)),
});
