import type { Actor } from "../../actor.ts";
import type { ApiDeps } from "../../deps.ts";
import { unauthorized } from "../../errors.ts";

/** What the console needs to know about the caller. */
export async function getMe(deps: ApiDeps, actor: Actor) {
  if (!actor.userId) {
    const tenant = actor.tenantId ? await deps.db.system.tenant.findUnique({ where: { id: actor.tenantId } }) : null;
    return {
      id: actor.apiKeyId ?? "",
      email: "",
      role: actor.role,
      tenantId: actor.tenantId,
      tenantName: tenant?.name ?? null,
      customerId: null,
      emailVerified: true,
    };
  }
  const user = await deps.db.system.user.findUnique({ where: { id: actor.userId }, include: { tenant: true } });
  if (!user) throw unauthorized();
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    tenantId: user.tenantId,
    tenantName: user.tenant?.name ?? null,
    customerId: user.customerId,
    emailVerified: user.emailVerifiedAt !== null,
  };
}
