import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { skipTake } from "../shared/paging.ts";
import { table, type Kind } from "./profile-kind.ts";
import { toView } from "./profile-view.ts";
import type { listProfilesInput } from "./schemas.ts";

export async function listProfiles(ctx: TenantContext, kind: Kind, input: z.infer<typeof listProfilesInput>) {
  const where = input.search ? { name: { contains: input.search, mode: "insensitive" as const } } : {};
  const [rows, total] = await Promise.all([
    table(ctx, kind).findMany({ where, orderBy: [{ isDefault: "desc" }, { name: "asc" }], ...skipTake(input) }),
    table(ctx, kind).count({ where }),
  ]);
  return { data: rows.map(toView), total, page: input.page, pageSize: input.pageSize };
}
