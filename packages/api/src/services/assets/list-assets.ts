import type { z } from "zod";
import { customerFilter } from "../../auth/authorize.ts";
import type { TenantContext } from "../../context.ts";
import { skipTake } from "../shared/paging.ts";
import { include, toView } from "./asset-view.ts";
import type { listAssetsInput } from "./schemas.ts";

export async function listAssets(ctx: TenantContext, input: z.infer<typeof listAssetsInput>) {
  const where = {
    ...(input.type ? { type: input.type } : {}),
    ...(input.customerId ? { customerId: input.customerId } : {}),
    ...(input.profileId ? { assetProfileId: input.profileId } : {}),
    ...customerFilter(ctx.actor),
    ...(input.search
      ? {
          OR: [
            { name: { contains: input.search, mode: "insensitive" as const } },
            { label: { contains: input.search, mode: "insensitive" as const } },
          ],
        }
      : {}),
  };
  const [rows, total] = await Promise.all([
    ctx.db.asset.findMany({ where, include, orderBy: [{ createdAt: "desc" }, { id: "asc" }], ...skipTake(input) }),
    ctx.db.asset.count({ where }),
  ]);
  return { data: rows.map(toView), total, page: input.page, pageSize: input.pageSize };
}
