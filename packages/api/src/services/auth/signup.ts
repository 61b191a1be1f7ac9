import type { z } from "zod";
import type { ApiDeps } from "../../deps.ts";
import { conflict } from "../../errors.ts";
import { hashPassword } from "../../auth/password.ts";
import { createRateLimiter, SIGNUPS_PER_ADDRESS } from "../../auth/rate-limit.ts";
import { createSession, type NewSession } from "../../auth/sessions.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { signupInput } from "./schemas.ts";
import { sendVerificationEmail } from "./email-verification.ts";
import type { ClientInfo } from "./login.ts";

/**
 * A new tenant with its first admin, a default device profile and a signed-in session. Runs on
 * the system client: the tenant does not exist yet, so there is nothing to scope to.
 */
export async function signup(deps: ApiDeps, input: z.infer<typeof signupInput>, client: ClientInfo) {
  // Each sign-up creates a tenant: cap how many one address can create.
  const limiter = createRateLimiter(deps.redis, deps.redisPrefix);
  const bucket = `signup:ip:${client.ipAddress ?? "unknown"}`;
  await limiter.check(bucket, SIGNUPS_PER_ADDRESS);
  await limiter.hit(bucket, SIGNUPS_PER_ADDRESS);
  const existing = await deps.db.system.user.findUnique({ where: { email: input.email }, select: { id: true } });
  if (existing) throw conflict("An account with this email already exists; sign in instead");
  const passwordHash = await hashPassword(input.password);

  const { tenant, user } = await deps.db.system.$transaction(async (tx) => {
    const tenant = await tx.tenant.create({ data: { name: input.tenantName, email: input.email } });
    const user = await tx.user.create({
      // Signing up signs in: the first sign-in is now.
      data: {
        tenantId: tenant.id,
        email: input.email,
        name: input.name,
        role: "TENANT_ADMIN",
        passwordHash,
        lastLoginAt: new Date(),
      },
    });
    await tx.deviceProfile.create({ data: { tenantId: tenant.id, name: "default", isDefault: true } });
    await tx.assetProfile.create({ data: { tenantId: tenant.id, name: "default", isDefault: true } });
    return { tenant, user };
  });

  const actor = { userId: user.id, email: user.email, role: user.role, tenantId: tenant.id, customerId: null };
  await recordAudit(deps.db.system, tenant.id, actor, {
    actionType: "SIGNUP",
    entityType: "TENANT",
    entityId: tenant.id,
    entityName: tenant.name,
  });
  const session: NewSession = await createSession(deps.db.system, user, { rememberMe: false, ...client });
  // A failed email must not fail the sign-up: the user can ask for another link.
  await sendVerificationEmail(deps, user).catch((error: unknown) =>
    deps.logger.error({ err: error }, "verification email failed"),
  );
  return { tenant, user, session };
}
