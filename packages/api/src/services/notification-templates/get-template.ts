import type { TenantContext } from "../../context.ts";
import { findTemplate } from "./find-template.ts";
import { toView } from "./template-view.ts";

export async function getTemplate(ctx: TenantContext, id: string) {
  return toView(await findTemplate(ctx, id));
}
