import type { ApiDeps } from "../../deps.ts";
import { notFound } from "../../errors.ts";
import { counts, toView } from "./tenant-view.ts";

export async function getTenant(deps: ApiDeps, id: string) {
  const row = await deps.db.system.tenant.findUnique({ where: { id }, include: counts });
  if (!row) throw notFound("Tenant");
  return toView(row);
}
