import type { z } from "zod";
import type { Prisma } from "@industryos/db";
import type { TenantContext } from "../../context.ts";
import { skipTake } from "../shared/paging.ts";
import { toLwm2mModelView } from "./lwm2m-model-view.ts";
import type { listLwm2mModelsInput } from "./schemas.ts";

/** The tenant's uploaded models by object id; `search` matches the name, or the object id exactly. */
export async function listLwm2mModels(ctx: TenantContext, input: z.output<typeof listLwm2mModelsInput>) {
  const search = input.search;
  const where: Prisma.Lwm2mObjectModelWhereInput = search
    ? {
        OR: [
          { name: { contains: search, mode: "insensitive" } },
          ...(/^\d{1,5}$/.test(search) ? [{ objectId: Number(search) }] : []),
        ],
      }
    : {};
  const [rows, total] = await Promise.all([
    ctx.db.lwm2mObjectModel.findMany({
      where,
      orderBy: [{ objectId: "asc" }, { version: "asc" }, { id: "asc" }],
      ...skipTake(input),
    }),
    ctx.db.lwm2mObjectModel.count({ where }),
  ]);
  return { data: rows.map(toLwm2mModelView), total, page: input.page, pageSize: input.pageSize };
}
