import { customerFilter } from "../../auth/authorize.ts";
import type { TenantContext } from "../../context.ts";
import { notFound } from "../../errors.ts";
import { findVisibleDevice } from "../devices/get-device.ts";
import { type ENTITY_TYPE_OF, type EntityPathType } from "./schemas.ts";

export interface VisibleEntity {
  /** DEVICE, ASSET, CUSTOMER or TENANT. */
  type: (typeof ENTITY_TYPE_OF)[EntityPathType];
  id: string;
  /** For audit entries. */
  name: string;
}

/**
 * The entity, if this caller may see it; 404 otherwise, whether it belongs to another tenant,
 * does not exist or is hidden from the caller, so existence is not disclosed. A customer user
 * sees its customer's devices and assets and its own customer, never the tenant; `tenants/{id}`
 * is only the caller's own tenant.
 */
export async function findVisibleEntity(
  ctx: TenantContext,
  entityType: EntityPathType,
  id: string,
): Promise<VisibleEntity> {
  const customerUser = ctx.actor.role === "CUSTOMER_USER";
  switch (entityType) {
    case "devices": {
      const device = await findVisibleDevice(ctx, id);
      return { type: "DEVICE", id: device.id, name: device.name };
    }
    case "assets": {
      const asset = await ctx.db.asset.findFirst({
        where: { id, ...customerFilter(ctx.actor) },
        select: { id: true, name: true },
      });
      if (!asset) throw notFound("Asset");
      return { type: "ASSET", id: asset.id, name: asset.name };
    }
    case "customers": {
      if (customerUser && id !== customerFilter(ctx.actor).customerId) throw notFound("Customer");
      const customer = await ctx.db.customer.findUnique({ where: { id }, select: { id: true, title: true } });
      if (!customer) throw notFound("Customer");
      return { type: "CUSTOMER", id: customer.id, name: customer.title };
    }
    case "tenants": {
      if (customerUser || id.toLowerCase() !== ctx.tenantId.toLowerCase()) throw notFound("Tenant");
      const tenant = await ctx.deps.db.system.tenant.findUnique({
        where: { id: ctx.tenantId },
        select: { id: true, name: true },
      });
      if (!tenant) throw notFound("Tenant");
      return { type: "TENANT", id: tenant.id, name: tenant.name };
    }
  }
}
