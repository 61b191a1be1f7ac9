import type { DatabaseClients } from "@industryos/db";
import type { EntityFields, RuleServices } from "@industryos/rules";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (id: string) => UUID.test(id);

/**
 * Entity fields for enrichment and switch nodes: devices and assets (with their profile's name),
 * customers and the tenant, read under the tenant's row-level security, so a chain only ever
 * sees its own tenant's entities (another tenant's id reads as absent).
 */
export function createEntityService(db: DatabaseClients): RuleServices["entities"] {
  return {
    async fields(tenantId, entity): Promise<EntityFields | null> {
      if (!isUuid(entity.id)) return null;
      const scoped = db.forTenant(tenantId);
      const base = { id: entity.id, entityType: entity.type };
      switch (entity.type) {
        case "DEVICE":
        case "ASSET": {
          // Devices and assets carry the same fields; only the table differs.
          const table = (entity.type === "DEVICE" ? scoped.device : scoped.asset) as unknown as typeof scoped.asset;
          const row = await table.findFirst({
            where: { id: entity.id },
            select: {
              name: true,
              label: true,
              type: true,
              customerId: true,
              createdAt: true,
              profile: { select: { name: true } },
            },
          });
          return row
            ? {
                ...base,
                name: row.name,
                label: row.label,
                type: row.type,
                profileName: row.profile.name,
                customerId: row.customerId,
                createdTime: row.createdAt.getTime(),
              }
            : null;
        }
        case "CUSTOMER": {
          const row = await scoped.customer.findFirst({
            where: { id: entity.id },
            select: { title: true, createdAt: true },
          });
          return row
            ? {
                ...base,
                name: row.title,
                label: null,
                type: null,
                profileName: null,
                customerId: entity.id,
                createdTime: row.createdAt.getTime(),
              }
            : null;
        }
        case "TENANT": {
          if (entity.id.toLowerCase() !== tenantId.toLowerCase()) return null;
          const row = await scoped.tenant.findFirst({
            where: { id: entity.id },
            select: { name: true, createdAt: true },
          });
          return row
            ? {
                ...base,
                name: row.name,
                label: null,
                type: null,
                profileName: null,
                customerId: null,
                createdTime: row.createdAt.getTime(),
              }
            : null;
        }
        default:
          return null;
      }
    },
  };
}
