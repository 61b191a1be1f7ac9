import type { z } from "zod";
import type { ApiDeps } from "../../deps.ts";
import { ApiError } from "../../errors.ts";
import { createRateLimiter } from "../../auth/rate-limit.ts";
import { generateSecret, hashSecret } from "../../auth/tokens.ts";
import { linkEmail, sendEmail } from "../../email/send-email.ts";
import type { verifyEmailInput } from "./schemas.ts";

const VERIFICATION_TTL_MS = 48 * 60 * 60 * 1000;

/** Emails a one-time link; only the token's hash is stored. */
export async function sendVerificationEmail(deps: ApiDeps, user: { id: string; email: string }) {
  const token = generateSecret();
  await deps.db.system.emailVerificationToken.create({
    data: {
      id: hashSecret(token),
      userId: user.id,
      email: user.email,
      expiresAt: new Date(Date.now() + VERIFICATION_TTL_MS),
    },
  });
  const link = new URL(`/verify-email?token=${token}`, deps.publicUrl).toString();
  await sendEmail(
    deps,
    linkEmail(
      user.email,
      "Confirm your IndustryOS email address",
      "Confirm that this address belongs to you.",
      "Confirm email address",
      link,
    ),
  );
}

export async function verifyEmail(deps: ApiDeps, input: z.infer<typeof verifyEmailInput>) {
  const id = hashSecret(input.token);
  const row = await deps.db.system.emailVerificationToken.findUnique({ where: { id } });
  if (!row || row.usedAt || row.expiresAt.getTime() < Date.now()) {
    throw new ApiError(
      "BAD_REQUEST",
      "This verification link is invalid or has expired; ask for a new one from the console",
    );
  }
  await deps.db.system.$transaction([
    deps.db.system.emailVerificationToken.update({ where: { id }, data: { usedAt: new Date() } }),
    deps.db.system.user.updateMany({
      where: { id: row.userId, email: row.email },
      data: { emailVerifiedAt: new Date() },
    }),
  ]);
  return { verified: true };
}

const RESENDS_PER_USER = { limit: 3, windowSeconds: 60 * 60 };

/** Sends a fresh link to a signed-in user whose address is not verified yet (3 an hour). */
export async function resendVerificationEmail(deps: ApiDeps, userId: string) {
  const user = await deps.db.system.user.findUnique({
    where: { id: userId },
    select: { id: true, email: true, emailVerifiedAt: true },
  });
  if (!user) throw new ApiError("UNAUTHORIZED", "Sign in first");
  if (user.emailVerifiedAt) return { sent: false, alreadyVerified: true };
  const limiter = createRateLimiter(deps.redis, deps.redisPrefix);
  await limiter.check(`verify:${user.id}`, RESENDS_PER_USER);
  await limiter.hit(`verify:${user.id}`, RESENDS_PER_USER);
  await sendVerificationEmail(deps, user);
  return { sent: true, alreadyVerified: false };
}
