import type { TenantContext } from "../../context.ts";
import { findTarget } from "./find-target.ts";
import { toView } from "./target-view.ts";

export async function getTarget(ctx: TenantContext, id: string) {
  return toView(await findTarget(ctx, id));
}
