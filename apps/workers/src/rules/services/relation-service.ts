import type { DatabaseClients } from "@industryos/db";
import { PermanentError, type Originator, type RuleServices } from "@industryos/rules";
import { isUuid } from "./entity-service.ts";

const ENTITY_TYPES = ["DEVICE", "ASSET", "CUSTOMER", "TENANT"] as const;
type RelatedType = (typeof ENTITY_TYPES)[number];

function checked(entity: Originator): { type: RelatedType; id: string } {
  if (!(ENTITY_TYPES as readonly string[]).includes(entity.type))
    throw new PermanentError(`Relations join devices, assets, customers and tenants, not a ${entity.type}`);
  if (!isUuid(entity.id)) throw new PermanentError(`${entity.id} is not an entity id`);
  return { type: entity.type as RelatedType, id: entity.id.toLowerCase() };
}

const isUniqueViolation = (error: unknown) => (error as { code?: unknown } | null)?.code === "P2002";

/**
 * Entity relations (COMMON type group, as the API's) in the `EntityRelation` table, through the
 * tenant-scoped client: row-level security keeps every read and write inside the message's
 * tenant. The entities a new relation joins must exist in the tenant.
 */
export function createRelationService(db: DatabaseClients): RuleServices["relations"] {
  async function assertExists(tenantId: string, entity: { type: RelatedType; id: string }) {
    const scoped = db.forTenant(tenantId);
    const where = { where: { id: entity.id }, select: { id: true } };
    const found =
      entity.type === "DEVICE"
        ? await scoped.device.findFirst(where)
        : entity.type === "ASSET"
          ? await scoped.asset.findFirst(where)
          : entity.type === "CUSTOMER"
            ? await scoped.customer.findFirst(where)
            : entity.id === tenantId.toLowerCase()
              ? { id: entity.id }
              : null;
    if (!found) throw new PermanentError(`No ${entity.type} ${entity.id} in this tenant`);
  }

  return {
    async find(tenantId, query) {
      if (!isUuid(query.entity.id)) return [];
      const id = query.entity.id.toLowerCase();
      const rows = await db.forTenant(tenantId).entityRelation.findMany({
        where: {
          typeGroup: "COMMON",
          ...(query.direction === "FROM" ? { fromId: id } : { toId: id }),
          ...(query.relationType ? { type: query.relationType } : {}),
        },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        take: query.limit ?? 100,
        select: { fromType: true, fromId: true, toType: true, toId: true },
      });
      return rows.map((r) =>
        query.direction === "FROM" ? { type: r.toType, id: r.toId } : { type: r.fromType, id: r.fromId },
      );
    },
    async create(tenantId, relation) {
      const from = checked(relation.from);
      const to = checked(relation.to);
      await assertExists(tenantId, from);
      await assertExists(tenantId, to);
      try {
        const result = await db.forTenant(tenantId).entityRelation.createMany({
          data: [{ tenantId, fromType: from.type, fromId: from.id, toType: to.type, toId: to.id, type: relation.type }],
          skipDuplicates: true,
        });
        return result.count > 0;
      } catch (error) {
        if (isUniqueViolation(error)) return false;
        throw error;
      }
    },
    async delete(tenantId, relation) {
      const from = checked(relation.from);
      const to = checked(relation.to);
      const result = await db.forTenant(tenantId).entityRelation.deleteMany({
        where: { fromId: from.id, toId: to.id, type: relation.type, typeGroup: "COMMON" },
      });
      return result.count > 0;
    },
  };
}
