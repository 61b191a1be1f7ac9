import { readLwm2mRegistration } from "@industryos/device-bus";
import type { TenantContext } from "../../context.ts";
import { notFound } from "../../errors.ts";
import { findVisibleDevice } from "../devices/get-device.ts";

/** The device's current LwM2M registration, as the ingest node holding it keeps it in Redis; 404 when there is none. */
export async function getLwm2mRegistration(ctx: TenantContext, deviceId: string) {
  await findVisibleDevice(ctx, deviceId);
  const registration = await readLwm2mRegistration(ctx.deps.redis, deviceId);
  // The registration names its tenant; a device id of another tenant never gets this far (RLS above).
  if (!registration || registration.tenantId !== ctx.tenantId) throw notFound("LwM2M registration");
  const { endpoint, lifetime, binding, lwm2mVersion, objects, registeredAt, lastUpdateAt } = registration;
  return { endpoint, lifetime, binding, lwm2mVersion, objects, registeredAt, lastUpdateAt };
}
