import { X509Certificate } from "node:crypto";
import { generateAccessToken } from "@industryos/db";
import { caCertificateProblem, caProvisionKey, certificateSha256 } from "@industryos/device-protocol/x509-provisioning";
import type { TenantContext } from "../../context.ts";
import { ApiError, conflict } from "../../errors.ts";
import { isUniqueViolation } from "../../rest/error-response.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { findProvisioning, provisioningSelect, toProvisioningView } from "./provisioning-view.ts";
import type { ProvisioningInput, X509ProvisionConfig } from "./schemas.ts";

const invalid = (path: string, message: string) =>
  new ApiError("VALIDATION_FAILED", message, [{ path: [path], message }]);

/** The CA certificate's provisioning config and key, or a 422 naming what is wrong with it. */
function x509Settings(input: Extract<ProvisioningInput, { strategy: "X509_CERTIFICATE_CHAIN" }>) {
  let ca: X509Certificate;
  try {
    ca = new X509Certificate(input.caCertificatePem);
  } catch {
    throw invalid("caCertificatePem", "This is not a readable PEM certificate");
  }
  const problem = caCertificateProblem(ca);
  if (problem) throw invalid("caCertificatePem", problem);
  try {
    new RegExp(input.commonNameRegex);
  } catch {
    throw invalid("commonNameRegex", "This is not a valid regular expression");
  }
  const config: X509ProvisionConfig = {
    caCertificatePem: input.caCertificatePem.trim(),
    caSubject: ca.subject,
    commonNameRegex: input.commonNameRegex,
    allowCreateNewDevices: input.allowCreateNewDevices,
  };
  return { key: caProvisionKey(certificateSha256(ca)), config };
}

/**
 * `PUT /device-profiles/{id}/provisioning`: the profile's provisioning strategy. Key-based strategies get a
 * generated key and secret the first time (kept when switching between them; `regenerate` replaces them); the
 * X.509 chain strategy keys the profile by its CA certificate; DISABLED clears them.
 */
export async function setProvisioning(ctx: TenantContext, profileId: string, input: ProvisioningInput) {
  const current = await findProvisioning(ctx, profileId);
  const keyBased = input.strategy === "ALLOW_CREATE_NEW_DEVICES" || input.strategy === "CHECK_PRE_PROVISIONED_DEVICES";
  const hadKeys =
    current.provisionType === "ALLOW_CREATE_NEW_DEVICES" || current.provisionType === "CHECK_PRE_PROVISIONED_DEVICES";
  const x509 = input.strategy === "X509_CERTIFICATE_CHAIN" ? x509Settings(input) : null;
  const data = x509
    ? { provisionDeviceKey: x509.key, provisionDeviceSecret: null, provisionConfig: x509.config as object }
    : keyBased
      ? {
          provisionDeviceKey:
            hadKeys && current.provisionDeviceKey ? current.provisionDeviceKey : generateAccessToken(20),
          provisionDeviceSecret:
            hadKeys && current.provisionDeviceSecret ? current.provisionDeviceSecret : generateAccessToken(20),
          provisionConfig: {},
        }
      : { provisionDeviceKey: null, provisionDeviceSecret: null, provisionConfig: {} };
  let row;
  try {
    row = await ctx.db.deviceProfile.update({
      where: { id: profileId },
      data: { provisionType: input.strategy, ...data },
      select: provisioningSelect,
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    throw conflict("Another device profile provisions with this CA certificate");
  }
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
    actionType: "PROVISIONING_UPDATED",
    entityType: "DEVICE_PROFILE",
    entityId: profileId,
    entityName: current.name,
    actionData: { strategy: input.strategy },
  });
  return toProvisioningView(row);
}

/** `POST /device-profiles/{id}/provisioning/regenerate`: a new key and secret; devices using the old ones are refused. */
export async function regenerateProvisioningKeys(ctx: TenantContext, profileId: string) {
  const current = await findProvisioning(ctx, profileId);
  if (current.provisionType !== "ALLOW_CREATE_NEW_DEVICES" && current.provisionType !== "CHECK_PRE_PROVISIONED_DEVICES")
    throw conflict("Only key-based provisioning has a key and secret: choose that strategy first");
  const row = await ctx.db.deviceProfile.update({
    where: { id: profileId },
    data: { provisionDeviceKey: generateAccessToken(20), provisionDeviceSecret: generateAccessToken(20) },
    select: provisioningSelect,
  });
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
    actionType: "PROVISIONING_KEYS_REGENERATED",
    entityType: "DEVICE_PROFILE",
    entityId: profileId,
    entityName: current.name,
  });
  return toProvisioningView(row);
}

export async function getProvisioning(ctx: TenantContext, profileId: string) {
  return toProvisioningView(await findProvisioning(ctx, profileId));
}
