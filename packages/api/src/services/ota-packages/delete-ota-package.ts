import type { TenantContext } from "../../context.ts";
import { conflict } from "../../errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { findOtaPackage } from "./get-ota-package.ts";
import { otaBlobs } from "./ota-blobs.ts";

/**
 * Deletes a package and its binary. As in ThingsBoard, a package still assigned to a device or a
 * profile, or rolled out by a campaign that has not ended, is refused (409) until unassigned.
 */
export async function deleteOtaPackage(ctx: TenantContext, id: string): Promise<void> {
  const row = await findOtaPackage(ctx, id);
  const [devices, profiles, campaigns] = await Promise.all([
    ctx.db.device.count({ where: { OR: [{ firmwareId: id }, { softwareId: id }] } }),
    ctx.db.deviceProfile.count({ where: { OR: [{ firmwareId: id }, { softwareId: id }] } }),
    ctx.db.otaCampaign.count({ where: { packageId: id, status: { in: ["RUNNING", "PAUSED"] } } }),
  ]);
  if (devices + profiles > 0)
    throw conflict(`The package is assigned to ${devices} device(s) and ${profiles} profile(s); unassign it first`);
  if (campaigns > 0) throw conflict("A campaign that has not ended rolls this package out; cancel it first");
  await ctx.db.otaPackage.delete({ where: { id } });
  // After the row: a binary without a row is garbage, a row without its binary would be broken.
  if (row.storageKey) await otaBlobs(ctx.deps).delete(row.storageKey);
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
    actionType: "DELETED",
    entityId: id,
    entityName: `${row.title} ${row.version}`,
    actionData: { otaPackage: row.type },
  });
}
