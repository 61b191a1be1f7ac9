import { X509Certificate } from "node:crypto";
import type { DeviceProfile } from "@industryos/db";
import { caProvisionKey, certificateSha256 } from "@industryos/device-protocol/x509-provisioning";
import type { TenantContext } from "../../context.ts";
import { notFound } from "../../errors.ts";
import type { ProvisioningView, X509ProvisionConfig } from "./schemas.ts";

type ProvisioningRow = Pick<
  DeviceProfile,
  "id" | "provisionType" | "provisionDeviceKey" | "provisionDeviceSecret" | "provisionConfig"
>;

export const provisioningSelect = {
  id: true,
  provisionType: true,
  provisionDeviceKey: true,
  provisionDeviceSecret: true,
  provisionConfig: true,
} as const;

export function toProvisioningView(row: ProvisioningRow): ProvisioningView {
  const x509 =
    row.provisionType === "X509_CERTIFICATE_CHAIN" ? (row.provisionConfig as unknown as X509ProvisionConfig) : null;
  const ca = x509 ? new X509Certificate(x509.caCertificatePem) : null;
  return {
    profileId: row.id,
    strategy: row.provisionType,
    provisionDeviceKey: x509 ? null : row.provisionDeviceKey,
    provisionDeviceSecret: x509 ? null : row.provisionDeviceSecret,
    x509:
      x509 && ca
        ? {
            caCertificatePem: x509.caCertificatePem,
            caThumbprint: certificateSha256(ca),
            subject: ca.subject,
            validTo: new Date(ca.validTo).toISOString(),
            commonNameRegex: x509.commonNameRegex,
            allowCreateNewDevices: x509.allowCreateNewDevices,
          }
        : null,
  };
}

export { caProvisionKey };

/** The tenant's device profile's provisioning settings (another tenant's profile: 404). */
export async function findProvisioning(ctx: TenantContext, profileId: string) {
  const row = await ctx.db.deviceProfile.findUnique({
    where: { id: profileId },
    select: { ...provisioningSelect, name: true },
  });
  if (!row) throw notFound("Device profile");
  return row;
}
