import { publishRevocation } from "@industryos/realtime/revocation";
import type { z } from "zod";
import type { Actor } from "../../actor.ts";
import type { ApiDeps } from "../../deps.ts";
import { ApiError, unauthorized } from "../../errors.ts";
import { hashPassword, verifyPassword } from "../../auth/password.ts";
import { invalidateUserSessions } from "../../auth/sessions.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { isEmailLikePassword, PASSWORD_IS_EMAIL } from "./password-policy.ts";
import type { changePasswordInput } from "./schemas.ts";

/** Needs the current password; keeps the caller's session and ends every other one. */
export async function changePassword(deps: ApiDeps, actor: Actor, input: z.infer<typeof changePasswordInput>) {
  if (!actor.userId) throw unauthorized("API keys cannot change passwords");
  const user = await deps.db.system.user.findUnique({ where: { id: actor.userId } });
  if (!user?.passwordHash || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new ApiError("VALIDATION_FAILED", "The current password is incorrect", [
      { path: ["currentPassword"], message: "Incorrect password" },
    ]);
  }
  if (isEmailLikePassword(input.newPassword, user.email)) {
    throw new ApiError("VALIDATION_FAILED", PASSWORD_IS_EMAIL, [{ path: ["newPassword"], message: PASSWORD_IS_EMAIL }]);
  }
  await deps.db.system.user.update({
    where: { id: user.id },
    data: { passwordHash: await hashPassword(input.newPassword) },
  });
  const signedOut = await invalidateUserSessions(deps.db.system, user.id, actor.sessionId);
  await publishRevocation(deps.redis, { kind: "user", id: user.id }, deps.logger);
  await recordAudit(deps.db.system, user.tenantId, actor, {
    actionType: "PASSWORD_CHANGED",
    entityType: "USER",
    entityId: user.id,
  });
  return { otherSessionsSignedOut: signedOut };
}
