import { notFound } from "../../errors.ts";
import type { AlarmContext } from "./alarm-context.ts";
import type { AlarmOriginatorType } from "./schemas.ts";

export interface AlarmOriginator {
  type: AlarmOriginatorType;
  id: string;
}

export interface ResolvedOriginator extends AlarmOriginator {
  name: string;
  /** The alarm's customer: the device's or asset's customer, the customer itself, none for the tenant. */
  customerId: string | null;
}

/** The originator in this tenant (row-level security hides other tenants'), with its name and customer; 404 otherwise. */
export async function resolveOriginator(ctx: AlarmContext, originator: AlarmOriginator): Promise<ResolvedOriginator> {
  const { id } = originator;
  switch (originator.type) {
    case "DEVICE": {
      const device = await ctx.db.device.findUnique({ where: { id }, select: { name: true, customerId: true } });
      if (!device) throw notFound("Device");
      return { ...originator, name: device.name, customerId: device.customerId };
    }
    case "ASSET": {
      const asset = await ctx.db.asset.findUnique({ where: { id }, select: { name: true, customerId: true } });
      if (!asset) throw notFound("Asset");
      return { ...originator, name: asset.name, customerId: asset.customerId };
    }
    case "CUSTOMER": {
      const customer = await ctx.db.customer.findUnique({ where: { id }, select: { title: true } });
      if (!customer) throw notFound("Customer");
      return { ...originator, name: customer.title, customerId: id };
    }
    case "TENANT": {
      const tenant =
        id.toLowerCase() === ctx.tenantId.toLowerCase()
          ? await ctx.deps.db.system.tenant.findUnique({ where: { id: ctx.tenantId }, select: { name: true } })
          : null;
      if (!tenant) throw notFound("Tenant");
      return { ...originator, id: ctx.tenantId, name: tenant.name, customerId: null };
    }
  }
}
