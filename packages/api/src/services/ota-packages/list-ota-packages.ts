import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { skipTake, type Page } from "../shared/paging.ts";
import { toOtaPackageView } from "./ota-package-view.ts";
import type { listOtaPackagesInput, OtaPackageView } from "./schemas.ts";

export async function listOtaPackages(
  ctx: TenantContext,
  input: z.infer<typeof listOtaPackagesInput>,
): Promise<Page<OtaPackageView>> {
  const where = {
    ...(input.type ? { type: input.type } : {}),
    ...(input.deviceProfileId ? { deviceProfileId: input.deviceProfileId } : {}),
    ...(input.search
      ? {
          OR: [
            { title: { contains: input.search, mode: "insensitive" as const } },
            { version: { contains: input.search, mode: "insensitive" as const } },
            { tag: { contains: input.search, mode: "insensitive" as const } },
          ],
        }
      : {}),
  };
  const [rows, total] = await Promise.all([
    ctx.db.otaPackage.findMany({
      where,
      orderBy: [{ [input.sortBy]: input.sortOrder }, { id: "asc" as const }],
      ...skipTake(input),
    }),
    ctx.db.otaPackage.count({ where }),
  ]);
  return { data: rows.map(toOtaPackageView), total, page: input.page, pageSize: input.pageSize };
}
