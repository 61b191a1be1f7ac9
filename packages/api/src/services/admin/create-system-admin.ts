import { z } from "zod";
import { hashPassword } from "../../auth/password.ts";
import type { SystemDb } from "../../deps.ts";
import { ApiError } from "../../errors.ts";
import { emailSchema, newPasswordSchema } from "../auth/schemas.ts";
import { summarizeIssues } from "../../rest/error-response.ts";

const input = z.object({ email: emailSchema, password: newPasswordSchema });

/**
 * The first system administrator is made from the command line (nobody can sign up as one).
 * Running it again for the same email sets a new password; a tenant user's email is refused.
 */
export async function createSystemAdmin(system: SystemDb, raw: { email: string; password: string }) {
  const parsed = input.safeParse(raw);
  if (!parsed.success) throw new ApiError("VALIDATION_FAILED", summarizeIssues(parsed.error));
  const { email, password } = parsed.data;
  const passwordHash = await hashPassword(password);
  const existing = await system.user.findUnique({ where: { email } });
  if (existing && existing.role !== "SYS_ADMIN")
    throw new ApiError("CONFLICT", `${email} already belongs to a tenant user`);
  if (existing) {
    await system.user.update({ where: { id: existing.id }, data: { passwordHash } });
    return { email, created: false };
  }
  await system.user.create({
    data: { email, role: "SYS_ADMIN", tenantId: null, passwordHash, emailVerifiedAt: new Date() },
  });
  return { email, created: true };
}
