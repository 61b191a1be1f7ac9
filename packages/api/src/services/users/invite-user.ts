import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { ApiError } from "../../errors.ts";
import { createRateLimiter, INVITE_CONFLICTS_PER_TENANT } from "../../auth/rate-limit.ts";
import { generateSecret, hashSecret } from "../../auth/tokens.ts";
import { linkEmail, sendEmail } from "../../email/send-email.ts";
import { assertWithinLimit } from "../admin/enforce-limits.ts";
import { recordAudit } from "../audit/record-audit.ts";
import type { inviteUserInput } from "./schemas.ts";
import { toView } from "./user-view.ts";

const INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Creates the user without a password and emails a link to choose one (a one-week
 * password-reset token, written on the system path: the application role cannot see tokens).
 */
export async function inviteUser(ctx: TenantContext, input: z.infer<typeof inviteUserInput>) {
  await assertWithinLimit(ctx, "users");
  if (input.customerId) {
    const customer = await ctx.db.customer.findUnique({ where: { id: input.customerId }, select: { id: true } });
    if (!customer)
      throw new ApiError("VALIDATION_FAILED", "The customer does not exist", [
        { path: ["customerId"], message: "Unknown customer" },
      ]);
  }
  const taken = await ctx.deps.db.system.user.findUnique({
    where: { email: input.email },
    select: { tenantId: true },
  });
  if (taken) await refuseAddressInUse(ctx, input.email, taken.tenantId === ctx.tenantId);
  const row = await ctx.db.user.create({
    data: {
      tenantId: ctx.tenantId,
      email: input.email,
      name: input.name ?? null,
      role: input.role,
      customerId: input.role === "CUSTOMER_USER" ? (input.customerId ?? null) : null,
    },
  });
  const token = generateSecret();
  await ctx.deps.db.system.passwordResetToken.create({
    data: { id: hashSecret(token), userId: row.id, expiresAt: new Date(Date.now() + INVITE_TTL_MS) },
  });
  const link = new URL(`/reset-password?token=${token}`, ctx.deps.publicUrl).toString();
  await sendEmail(
    ctx.deps,
    linkEmail(
      row.email,
      "You are invited to IndustryOS",
      "You have been invited to an IndustryOS workspace. Choose a password to sign in; the link works for a week.",
      "Choose your password",
      link,
    ),
  );
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
    actionType: "ADDED",
    entityType: "USER",
    entityId: row.id,
    entityName: row.email,
    actionData: { role: row.role },
  });
  return toView(row);
}

/**
 * One address has one account. A member of this workspace is named as such (the admin can list
 * them anyway); an address used anywhere else gets one message that never says where, at most
 * INVITE_CONFLICTS_PER_TENANT times an hour per workspace (then 429), and its owner is emailed.
 */
async function refuseAddressInUse(ctx: TenantContext, email: string, sameWorkspace: boolean): Promise<never> {
  if (sameWorkspace) throw new ApiError("CONFLICT", "This address is already a user of this workspace");
  const limiter = createRateLimiter(ctx.deps.redis, ctx.deps.redisPrefix);
  await limiter.check(`invite-conflict:${ctx.tenantId}`, INVITE_CONFLICTS_PER_TENANT);
  await limiter.hit(`invite-conflict:${ctx.tenantId}`, INVITE_CONFLICTS_PER_TENANT);
  const tenant = await ctx.db.tenant.findUnique({ where: { id: ctx.tenantId }, select: { name: true } });
  await sendEmail(
    ctx.deps,
    linkEmail(
      email,
      "You were invited to another IndustryOS workspace",
      `${ctx.actor.email ?? "An administrator"} invited this address to the IndustryOS workspace "${tenant?.name ?? ""}". ` +
        "This address already has an IndustryOS account, and one address belongs to one workspace, so nothing changed. " +
        "To join, give them another address.",
      "Sign in to your account",
      new URL("/login", ctx.deps.publicUrl).toString(),
    ),
  ).catch((error: unknown) => ctx.deps.logger.error({ err: error }, "invite notice failed"));
  throw new ApiError(
    "CONFLICT",
    "This address cannot be invited; we emailed it about your invitation. Ask the person for another address",
  );
}
