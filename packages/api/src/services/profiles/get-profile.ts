import type { TenantContext } from "../../context.ts";
import { notFound } from "../../errors.ts";
import { label, table, type Kind } from "./profile-kind.ts";
import { toView } from "./profile-view.ts";

export async function getProfile(ctx: TenantContext, kind: Kind, id: string) {
  const row = await table(ctx, kind).findUnique({ where: { id } });
  if (!row) throw notFound(label(kind));
  return toView(row);
}
