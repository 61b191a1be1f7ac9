import type { TenantClient } from "@industryos/db";

/** The name an alarm's originator shows with: a device's or asset's name, a customer's or tenant's title. */
export async function originatorName(db: TenantClient, type: string, id: string): Promise<string | null> {
  if (type === "DEVICE") return (await db.device.findUnique({ where: { id }, select: { name: true } }))?.name ?? null;
  if (type === "ASSET") return (await db.asset.findUnique({ where: { id }, select: { name: true } }))?.name ?? null;
  if (type === "CUSTOMER")
    return (await db.customer.findUnique({ where: { id }, select: { title: true } }))?.title ?? null;
  if (type === "TENANT") return (await db.tenant.findUnique({ where: { id }, select: { name: true } }))?.name ?? null;
  return null;
}
