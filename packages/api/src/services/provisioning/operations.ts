import { defineOperation } from "../../operations/operation.ts";
import { TENANT_ADMIN } from "../../operations/roles.ts";
import { idParams } from "../shared/paging.ts";
import { provisioningInput, provisioningView } from "./schemas.ts";
import { getProvisioning, regenerateProvisioningKeys, setProvisioning } from "./set-provisioning.ts";

const tag = "Device provisioning";

export const provisioningOperations = {
  get: defineOperation({
    method: "GET",
    path: "/device-profiles/{id}/provisioning",
    tag,
    summary: "The profile's provisioning strategy, key and secret",
    description:
      "The key and secret let anyone create devices of the profile (ThingsBoard's `/provision` request): read-only API keys may not read them.",
    access: "tenant",
    roles: TENANT_ADMIN,
    scope: "write",
    params: idParams,
    response: provisioningView,
    handler: ({ ctx, params }) => getProvisioning(ctx, params.id),
  }),
  set: defineOperation({
    method: "PUT",
    path: "/device-profiles/{id}/provisioning",
    tag,
    summary: "Choose the profile's provisioning strategy",
    description:
      "`DISABLED`; `ALLOW_CREATE_NEW_DEVICES` (a device sends the key, the secret and its name and gets new credentials) or `CHECK_PRE_PROVISIONED_DEVICES` (it gets the credentials of the device of that name created beforehand), both with a generated key and secret; `X509_CERTIFICATE_CHAIN` with `caCertificatePem`: a device whose TLS client certificate chains to that CA is created on its first MQTT-over-TLS connection, named by its CN through `commonNameRegex`. 409 when another profile uses the same CA.",
    access: "tenant",
    roles: TENANT_ADMIN,
    params: idParams,
    body: provisioningInput,
    example: { strategy: "ALLOW_CREATE_NEW_DEVICES" },
    response: provisioningView,
    handler: ({ ctx, params, body }) => setProvisioning(ctx, params.id, body),
  }),
  regenerate: defineOperation({
    method: "POST",
    path: "/device-profiles/{id}/provisioning/regenerate",
    tag,
    summary: "Replace the profile's provisioning key and secret",
    description:
      "Provisioning requests with the old key are refused from now on; devices already provisioned keep working.",
    access: "tenant",
    roles: TENANT_ADMIN,
    params: idParams,
    response: provisioningView,
    handler: ({ ctx, params }) => regenerateProvisioningKeys(ctx, params.id),
  }),
};
