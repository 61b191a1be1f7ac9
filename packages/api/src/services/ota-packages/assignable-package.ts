import type { TenantDb } from "../../deps.ts";
import { ApiError } from "../../errors.ts";
import type { OtaPackageType } from "./schemas.ts";

const invalid = (path: string, message: string) =>
  new ApiError("VALIDATION_FAILED", message, [{ path: [path], message }]);

/**
 * Checks that a package may be assigned as `type` where `profileId` applies: it exists in this
 * tenant (another tenant's id reads as missing), has the type, and, when it names a device
 * profile (ThingsBoard's guard against flashing the wrong hardware), names this one.
 */
export async function assertAssignablePackage(
  db: TenantDb,
  packageId: string,
  type: OtaPackageType,
  profileId: string,
  field: string,
) {
  const pkg = await db.otaPackage.findUnique({
    where: { id: packageId },
    select: { type: true, deviceProfileId: true },
  });
  if (!pkg) throw invalid(field, "No such OTA package");
  if (pkg.type !== type) throw invalid(field, `That package is ${pkg.type.toLowerCase()}, not ${type.toLowerCase()}`);
  if (pkg.deviceProfileId && pkg.deviceProfileId !== profileId)
    throw invalid(field, "That package is meant for another device profile");
}
