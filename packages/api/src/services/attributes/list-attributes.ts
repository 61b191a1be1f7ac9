import type { z } from "zod";
import { attributeValueOf } from "@industryos/db";
import type { TenantContext } from "../../context.ts";
import { findVisibleEntity } from "../entities/find-visible-entity.ts";
import type { EntityPathType } from "../entities/schemas.ts";
import type { listAttributesInput } from "./schemas.ts";

/** The entity's attributes, all scopes unless one is asked for, sorted by scope then key. */
export async function listAttributes(
  ctx: TenantContext,
  entityType: EntityPathType,
  id: string,
  input: z.infer<typeof listAttributesInput>,
) {
  const entity = await findVisibleEntity(ctx, entityType, id);
  const rows = await ctx.db.attribute.findMany({
    where: {
      entityType: entity.type,
      entityId: entity.id,
      ...(input.scope ? { scope: input.scope } : {}),
      ...(input.keys?.length ? { key: { in: input.keys } } : {}),
    },
    orderBy: [{ scope: "asc" }, { key: "asc" }],
  });
  return rows.map((row) => ({
    key: row.key,
    value: attributeValueOf(row),
    scope: row.scope,
    lastUpdateTs: row.lastUpdateTs.getTime(),
  }));
}
