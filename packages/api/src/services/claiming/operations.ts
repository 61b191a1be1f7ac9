import { defineOperation } from "../../operations/operation.ts";
import { TENANT_USERS } from "../../operations/roles.ts";
import { deviceView } from "../devices/schemas.ts";
import { claimDevice } from "./claim-device.ts";
import { releaseDevice } from "./release-device.ts";
import { claimDeviceInput, claimResult, deviceNameParams } from "./schemas.ts";

const tag = "Device claiming";

export const claimingOperations = {
  claim: defineOperation({
    method: "POST",
    path: "/customer/devices/{deviceName}/claim",
    tag,
    summary: "Claim a device by its name and claim secret (customer users)",
    description:
      "The device announces the claim first (its `claim` message with `secretKey` and `durationMs`, default 24 h, over MQTT, HTTP or CoAP); the device must belong to no customer. It then belongs to your customer, and the secret is used up. Every failure is the same 404; 5 failed attempts per user (20 per address) in 15 minutes, then 429. Tenant administrators get 403: they assign devices instead.",
    access: "tenant",
    roles: TENANT_USERS,
    params: deviceNameParams,
    body: claimDeviceInput,
    example: { secretKey: "s3cret-from-the-device" },
    response: claimResult,
    handler: ({ ctx, params, body, client }) => claimDevice(ctx, params.deviceName, body, client),
  }),
  release: defineOperation({
    method: "DELETE",
    path: "/customer/devices/{deviceName}/claim",
    tag,
    summary: "Release a claimed device from its customer",
    description:
      "The device belongs to no customer afterwards and can be claimed again once it announces a new claim. Customer users release their customer's devices only.",
    access: "tenant",
    roles: TENANT_USERS,
    params: deviceNameParams,
    response: deviceView,
    successStatus: 200,
    handler: ({ ctx, params }) => releaseDevice(ctx, params.deviceName),
  }),
};
