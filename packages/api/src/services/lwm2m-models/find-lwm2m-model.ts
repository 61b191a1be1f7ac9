import type { TenantContext } from "../../context.ts";
import { notFound } from "../../errors.ts";
import { toLwm2mModelView } from "./lwm2m-model-view.ts";

export async function getLwm2mModel(ctx: TenantContext, id: string) {
  const row = await ctx.db.lwm2mObjectModel.findFirst({ where: { id } });
  if (!row) throw notFound("LwM2M object model");
  return { ...toLwm2mModelView(row), ddf: row.ddfXml };
}

/** Clients registering afterwards are read with the bundled model again (or none); registered ones keep theirs. */
export async function deleteLwm2mModel(ctx: TenantContext, id: string): Promise<void> {
  const { count } = await ctx.db.lwm2mObjectModel.deleteMany({ where: { id } });
  if (count === 0) throw notFound("LwM2M object model");
}
