import type { TenantContext } from "../../context.ts";
import { applyOtaAssignment } from "../ota-packages/apply-ota-assignment.ts";
import { assertAssignablePackage } from "../ota-packages/assignable-package.ts";
import type { OtaPackageType } from "../ota-packages/schemas.ts";

interface PackageFields {
  firmwareId?: string | null;
  softwareId?: string | null;
}

/** The packages a device profile is given must exist, have the right type, and fit the profile. */
export async function assertProfilePackages(ctx: TenantContext, profileId: string | null, input: PackageFields) {
  // A profile being created has no id yet: only packages meant for any profile fit it.
  const id = profileId ?? "00000000-0000-0000-0000-000000000000";
  if (input.firmwareId) await assertAssignablePackage(ctx.db, input.firmwareId, "FIRMWARE", id, "firmwareId");
  if (input.softwareId) await assertAssignablePackage(ctx.db, input.softwareId, "SOFTWARE", id, "softwareId");
}

/** Reads this many device ids at a time: a profile may hold a whole fleet. */
const PAGE = 5000;

/**
 * After a profile's package changed: its devices without an assignment of their own now target
 * the new package (or none), and are told through their shared attributes.
 */
export async function applyProfilePackages(ctx: TenantContext, profileId: string, input: PackageFields) {
  const changes: [OtaPackageType, "firmwareId" | "softwareId"][] = [];
  if (input.firmwareId !== undefined) changes.push(["FIRMWARE", "firmwareId"]);
  if (input.softwareId !== undefined) changes.push(["SOFTWARE", "softwareId"]);
  for (const [type, field] of changes) {
    for (let cursor: string | undefined; ;) {
      const page = await ctx.db.device.findMany({
        where: { deviceProfileId: profileId, [field]: null },
        select: { id: true },
        orderBy: { id: "asc" },
        take: PAGE,
        ...(cursor ? { skip: 1, cursor: { id: cursor } } : {}),
      });
      if (page.length === 0) break;
      await applyOtaAssignment(
        ctx.db,
        ctx.deps.redis,
        ctx.tenantId,
        page.map((d) => d.id),
        type,
      );
      cursor = page.at(-1)!.id;
      if (page.length < PAGE) break;
    }
  }
}
