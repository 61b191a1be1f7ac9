import { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { ApiError, forbidden, notFound } from "../../errors.ts";
import { generateSecret, hashSecret } from "../../auth/tokens.ts";
import { invalidateUserSessions } from "../../auth/sessions.ts";
import { linkEmail, sendEmail } from "../../email/send-email.ts";
import { assertWithinLimit } from "../admin/enforce-limits.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { emailSchema } from "../auth/schemas.ts";
import { pagingInput, skipTake, uuid } from "../shared/paging.ts";

export const inviteUserInput = z
  .object({
    email: emailSchema,
    name: z.string().trim().max(100).optional(),
    role: z.enum(["TENANT_ADMIN", "CUSTOMER_USER"]),
    customerId: uuid.optional(),
  })
  .refine((u) => u.role !== "CUSTOMER_USER" || u.customerId, {
    message: "A customer user belongs to a customer",
    path: ["customerId"],
  });

export const updateUserInput = z
  .object({ name: z.string().trim().max(100).nullable(), disabled: z.boolean() })
  .partial();
export const listUsersInput = pagingInput.extend({
  customerId: uuid.optional(),
  search: z.string().trim().max(255).optional(),
});

const INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000;

interface UserRow {
  id: string;
  email: string;
  name: string | null;
  role: string;
  customerId: string | null;
  emailVerifiedAt: Date | null;
  disabledAt: Date | null;
  lastLoginAt: Date | null;
  createdAt: Date;
}

const toView = (u: UserRow) => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  customerId: u.customerId,
  emailVerified: u.emailVerifiedAt !== null,
  disabled: u.disabledAt !== null,
  lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
  createdAt: u.createdAt.toISOString(),
});

export async function listUsers(ctx: TenantContext, input: z.infer<typeof listUsersInput>) {
  const where = {
    ...(input.customerId ? { customerId: input.customerId } : {}),
    ...(input.search ? { email: { contains: input.search, mode: "insensitive" as const } } : {}),
  };
  const [rows, total] = await Promise.all([
    ctx.db.user.findMany({ where, orderBy: { createdAt: "asc" }, ...skipTake(input) }),
    ctx.db.user.count({ where }),
  ]);
  return { data: rows.map(toView), total, page: input.page, pageSize: input.pageSize };
}

export async function getUser(ctx: TenantContext, id: string) {
  const row = await ctx.db.user.findUnique({ where: { id } });
  if (!row) throw notFound("User");
  return toView(row);
}

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

export async function updateUser(ctx: TenantContext, id: string, input: z.infer<typeof updateUserInput>) {
  await getUser(ctx, id);
  if (input.disabled && id === ctx.actor.userId) throw forbidden("You cannot disable yourself");
  const row = await ctx.db.user.update({
    where: { id },
    data: {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.disabled !== undefined ? { disabledAt: input.disabled ? new Date() : null } : {}),
    },
  });
  if (input.disabled) await invalidateUserSessions(ctx.deps.db.system, id);
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
    actionType: "UPDATED",
    entityType: "USER",
    entityId: id,
    entityName: row.email,
    actionData: input,
  });
  return toView(row);
}

export async function deleteUser(ctx: TenantContext, id: string): Promise<void> {
  const user = await getUser(ctx, id);
  if (id === ctx.actor.userId) throw forbidden("You cannot delete yourself");
  await ctx.db.$transaction(async (tx) => {
    // API keys outlive the person who created them (the integration keeps working).
    await tx.apiKey.updateMany({ where: { createdById: id }, data: { createdById: null } });
    await tx.user.delete({ where: { id } });
  });
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
    actionType: "DELETED",
    entityType: "USER",
    entityId: id,
    entityName: user.email,
  });
}
