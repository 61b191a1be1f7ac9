import { publishRevocation } from "@industryos/realtime/revocation";
import type { z } from "zod";
import type { ApiDeps } from "../../deps.ts";
import { ApiError } from "../../errors.ts";
import { hashPassword } from "../../auth/password.ts";
import { createRateLimiter } from "../../auth/rate-limit.ts";
import { invalidateUserSessions } from "../../auth/sessions.ts";
import { generateSecret, hashSecret } from "../../auth/tokens.ts";
import { linkEmail, sendEmail } from "../../email/send-email.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { isEmailLikePassword, PASSWORD_IS_EMAIL } from "./password-policy.ts";
import type { confirmPasswordResetInput, requestPasswordResetInput } from "./schemas.ts";

const RESET_TTL_MS = 60 * 60 * 1000;
const RESETS_PER_EMAIL = { limit: 3, windowSeconds: 60 * 60 };

/**
 * Always answers the same way, whether or not the address has an account, so the form cannot
 * be used to discover who is a user.
 */
export async function requestPasswordReset(deps: ApiDeps, input: z.infer<typeof requestPasswordResetInput>) {
  const limiter = createRateLimiter(deps.redis, deps.redisPrefix);
  await limiter.check(`reset:${input.email}`, RESETS_PER_EMAIL);
  await limiter.hit(`reset:${input.email}`, RESETS_PER_EMAIL);
  const user = await deps.db.system.user.findUnique({
    where: { email: input.email },
    select: { id: true, email: true, disabledAt: true },
  });
  if (user && !user.disabledAt) {
    const token = generateSecret();
    await deps.db.system.passwordResetToken.create({
      data: { id: hashSecret(token), userId: user.id, expiresAt: new Date(Date.now() + RESET_TTL_MS) },
    });
    const link = new URL(`/reset-password?token=${token}`, deps.publicUrl).toString();
    await sendEmail(
      deps,
      linkEmail(
        user.email,
        "Reset your IndustryOS password",
        "Someone asked to reset the password of this account. The link works for one hour.",
        "Choose a new password",
        link,
      ),
    );
  }
  return { sent: true };
}

/** Sets the new password, uses up the token and signs the user out everywhere. */
export async function confirmPasswordReset(deps: ApiDeps, input: z.infer<typeof confirmPasswordResetInput>) {
  const id = hashSecret(input.token);
  const row = await deps.db.system.passwordResetToken.findUnique({ where: { id }, include: { user: true } });
  if (!row || row.usedAt || row.expiresAt.getTime() < Date.now()) {
    throw new ApiError("BAD_REQUEST", "This reset link is invalid or has expired; ask for a new one");
  }
  if (isEmailLikePassword(input.password, row.user.email)) {
    throw new ApiError("VALIDATION_FAILED", PASSWORD_IS_EMAIL, [{ path: ["password"], message: PASSWORD_IS_EMAIL }]);
  }
  const passwordHash = await hashPassword(input.password);
  await deps.db.system.$transaction([
    deps.db.system.passwordResetToken.update({ where: { id }, data: { usedAt: new Date() } }),
    // Following the emailed link proves the address too.
    deps.db.system.user.update({
      where: { id: row.userId },
      data: { passwordHash, emailVerifiedAt: row.user.emailVerifiedAt ?? new Date() },
    }),
  ]);
  await invalidateUserSessions(deps.db.system, row.userId);
  await publishRevocation(deps.redis, { kind: "user", id: row.userId }, deps.logger);
  const u = row.user;
  await recordAudit(
    deps.db.system,
    u.tenantId,
    { userId: u.id, email: u.email, role: u.role, tenantId: u.tenantId, customerId: u.customerId },
    {
      actionType: "PASSWORD_RESET",
      entityType: "USER",
      entityId: u.id,
    },
  );
  return { reset: true };
}
