import { z } from "zod";
import type { ApiDeps } from "../../deps.ts";
import { ApiError } from "../../errors.ts";
import { hashSecret } from "../../auth/tokens.ts";

export const passwordLinkInput = z.object({ token: z.string().trim().min(1).max(200) });

const INVALID = "This link is invalid or has expired; ask for a new one";

/**
 * What an emailed password link is for, so its page can speak to the person who opened it: an
 * invitation (the account has no password yet) names the workspace they join; a reset does not
 * need to. The token is the secret: whoever holds it may read the address it was sent to.
 */
export async function describePasswordLink(deps: ApiDeps, input: z.infer<typeof passwordLinkInput>) {
  const row = await deps.db.system.passwordResetToken.findUnique({
    where: { id: hashSecret(input.token) },
    select: {
      usedAt: true,
      expiresAt: true,
      user: { select: { email: true, passwordHash: true, tenant: { select: { name: true } } } },
    },
  });
  if (!row || row.usedAt || row.expiresAt.getTime() < Date.now()) throw new ApiError("BAD_REQUEST", INVALID);
  return {
    purpose: row.user.passwordHash === null ? ("invitation" as const) : ("reset" as const),
    email: row.user.email,
    workspaceName: row.user.tenant?.name ?? null,
  };
}
