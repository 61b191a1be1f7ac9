import type { z } from "zod";
import type { ApiDeps } from "../../deps.ts";
import { skipTake } from "../shared/paging.ts";
import type { listTenantsInput } from "./schemas.ts";
import { counts, toView } from "./tenant-view.ts";

/** System administration works across tenants, so it uses the privileged client on purpose. */
export async function listTenants(deps: ApiDeps, input: z.infer<typeof listTenantsInput>) {
  const where = input.search ? { name: { contains: input.search, mode: "insensitive" as const } } : {};
  const [rows, total] = await Promise.all([
    deps.db.system.tenant.findMany({ where, include: counts, orderBy: { createdAt: "desc" }, ...skipTake(input) }),
    deps.db.system.tenant.count({ where }),
  ]);
  return { data: rows.map(toView), total, page: input.page, pageSize: input.pageSize };
}
