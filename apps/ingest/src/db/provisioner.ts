import { timingSafeEqual } from "node:crypto";
import type { ProvisionRequest } from "@industryos/device-protocol";
import { generateAccessToken, hashSecret, mqttBasicCredentialsId, type SystemClient } from "@industryos/db";
import type { DeviceProvisioner, ProvisionResponse } from "../core/provisioning.ts";

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Device provisioning by profile key and secret (ThingsBoard's provision types):
 * ALLOW_CREATE_NEW_DEVICES creates the named device with new credentials;
 * CHECK_PRE_PROVISIONED_DEVICES hands out the credentials of a device created beforehand.
 */
export class PgDeviceProvisioner implements DeviceProvisioner {
  constructor(private readonly system: SystemClient) {}

  async provision(request: ProvisionRequest): Promise<ProvisionResponse> {
    const profile = await this.system.deviceProfile.findUnique({
      where: { provisionDeviceKey: request.provisionDeviceKey },
    });
    if (
      !profile ||
      !profile.provisionDeviceSecret ||
      !sameSecret(profile.provisionDeviceSecret, request.provisionDeviceSecret)
    ) {
      return { status: "NOT_FOUND", errorMsg: "Provision data was not found!" };
    }
    const name = request.deviceName ?? `provisioned-${generateAccessToken(8)}`;
    const existing = await this.system.device.findUnique({
      where: { tenantId_name: { tenantId: profile.tenantId, name } },
      include: { credentials: true },
    });
    if (profile.provisionType === "CHECK_PRE_PROVISIONED_DEVICES") {
      const credential = existing?.deviceProfileId === profile.id ? existing.credentials[0] : undefined;
      if (!credential || credential.type !== "ACCESS_TOKEN")
        return { status: "NOT_FOUND", errorMsg: "Device was not pre-provisioned" };
      return { status: "SUCCESS", credentialsType: "ACCESS_TOKEN", credentialsValue: credential.credentialsId };
    }
    if (profile.provisionType !== "ALLOW_CREATE_NEW_DEVICES")
      return { status: "NOT_FOUND", errorMsg: "Provisioning is disabled for this profile" };
    if (existing) return { status: "FAILURE", errorMsg: "Device with such name already exists" };

    const wantsBasic = request.credentialsType === "MQTT_BASIC";
    if (wantsBasic && !request.password)
      return { status: "FAILURE", errorMsg: "MQTT_BASIC provisioning needs a password" };
    const token = request.token ?? generateAccessToken();
    const credential = wantsBasic
      ? {
          type: "MQTT_BASIC" as const,
          credentialsId: mqttBasicCredentialsId(request.clientId, request.username),
          mqttClientId: request.clientId || null,
          mqttUsername: request.username || null,
          mqttPasswordHash: await hashSecret(request.password!),
        }
      : { type: "ACCESS_TOKEN" as const, credentialsId: token };
    try {
      await this.system.device.create({
        data: { tenantId: profile.tenantId, deviceProfileId: profile.id, name, credentials: { create: credential } },
      });
    } catch (error) {
      return {
        status: "FAILURE",
        errorMsg: `Device could not be created: ${(error as Error).message.split("\n").at(-1)}`,
      };
    }
    return wantsBasic
      ? {
          status: "SUCCESS",
          credentialsType: "MQTT_BASIC",
          credentialsValue: { clientId: request.clientId, userName: request.username, password: request.password },
        }
      : { status: "SUCCESS", credentialsType: "ACCESS_TOKEN", credentialsValue: token };
  }
}
