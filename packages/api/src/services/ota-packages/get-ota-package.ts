import type { TenantContext } from "../../context.ts";
import { notFound } from "../../errors.ts";
import { toOtaPackageView } from "./ota-package-view.ts";

/** The package row (row security hides another tenant's: 404). */
export async function findOtaPackage(ctx: TenantContext, id: string) {
  const row = await ctx.db.otaPackage.findUnique({ where: { id } });
  if (!row) throw notFound("OTA package");
  return row;
}

export async function getOtaPackage(ctx: TenantContext, id: string) {
  return toOtaPackageView(await findOtaPackage(ctx, id));
}
