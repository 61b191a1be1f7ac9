import type { TenantContext } from "../../context.ts";
import { notFound } from "../../errors.ts";
import { findVisibleDevice } from "../devices/get-device.ts";
import { jwtSubjectOf } from "./jwt-subject.ts";

/** The device's credentials; MQTT passwords are stored hashed and never shown. */
export async function getDeviceCredentials(ctx: TenantContext, deviceId: string) {
  await findVisibleDevice(ctx, deviceId);
  const row = await ctx.db.deviceCredential.findFirst({ where: { deviceId }, orderBy: { createdAt: "desc" } });
  if (!row) throw notFound("Device credentials");
  switch (row.type) {
    case "ACCESS_TOKEN":
      return { type: row.type, accessToken: row.credentialsId };
    case "MQTT_BASIC":
      return { type: row.type, clientId: row.mqttClientId, username: row.mqttUsername };
    case "LWM2M":
      return { type: row.type, endpoint: row.credentialsId, security: "NO_SEC" as const };
    case "X509_CERTIFICATE":
      return { type: row.type, certificatePem: row.certificatePem ?? "", certificateThumbprint: row.credentialsId };
    case "JWT":
      return { type: row.type, subject: jwtSubjectOf(ctx.tenantId, row.credentialsId) };
  }
}
