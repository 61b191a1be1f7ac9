import type { z } from "zod";
import type { ApiDeps } from "../../deps.ts";
import { ApiError } from "../../errors.ts";
import { burnPasswordCheck, verifyPassword } from "../../auth/password.ts";
import { createRateLimiter, LOGIN_PER_ADDRESS, LOGIN_PER_EMAIL } from "../../auth/rate-limit.ts";
import { createSession } from "../../auth/sessions.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { loginInput } from "./schemas.ts";

export interface ClientInfo {
  ipAddress?: string;
  userAgent?: string;
}

const WRONG_CREDENTIALS = "Email or password is incorrect";

/**
 * Checks the password (argon2id) and opens a session. Failures are counted per email and per
 * address in Redis; a full bucket answers 429 before any password is checked.
 */
export async function login(deps: ApiDeps, input: z.infer<typeof loginInput>, client: ClientInfo) {
  const limiter = createRateLimiter(deps.redis, deps.redisPrefix);
  const emailBucket = `login:email:${input.email}`;
  const addressBucket = `login:ip:${client.ipAddress ?? "unknown"}`;
  await limiter.check(emailBucket, LOGIN_PER_EMAIL);
  await limiter.check(addressBucket, LOGIN_PER_ADDRESS);

  const user = await deps.db.system.user.findUnique({ where: { email: input.email } });
  const valid = user?.passwordHash
    ? await verifyPassword(user.passwordHash, input.password)
    : (await burnPasswordCheck(input.password), false);
  if (!user || !valid || user.disabledAt) {
    await Promise.all([limiter.hit(emailBucket, LOGIN_PER_EMAIL), limiter.hit(addressBucket, LOGIN_PER_ADDRESS)]);
    if (user) {
      await recordAudit(
        deps.db.system,
        user.tenantId,
        { userId: user.id, email: user.email, role: user.role, tenantId: user.tenantId, customerId: user.customerId },
        {
          actionType: "LOGIN",
          entityType: "USER",
          entityId: user.id,
          status: "FAILURE",
          failureDetails: user.disabledAt ? "account disabled" : "wrong password",
        },
      );
    }
    throw new ApiError("UNAUTHORIZED", user?.disabledAt && valid ? "This account is disabled" : WRONG_CREDENTIALS);
  }
  await limiter.reset(emailBucket);
  const session = await createSession(deps.db.system, user, { rememberMe: input.rememberMe, ...client });
  await deps.db.system.user.update({ where: { id: user.id }, data: { lastLoginAt: new Date() } });
  await recordAudit(
    deps.db.system,
    user.tenantId,
    { userId: user.id, email: user.email, role: user.role, tenantId: user.tenantId, customerId: user.customerId },
    {
      actionType: "LOGIN",
      entityType: "USER",
      entityId: user.id,
      entityName: user.email,
    },
  );
  return { user, session };
}
