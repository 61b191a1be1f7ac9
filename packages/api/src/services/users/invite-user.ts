import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { ApiError } from "../../errors.ts";
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
  const taken = await ctx.deps.db.system.user.findUnique({ where: { email: input.email }, select: { id: true } });
  if (taken) throw new ApiError("CONFLICT", "A user with this email already exists");
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
