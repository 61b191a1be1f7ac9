import type { TenantContext } from "../../context.ts";
import { ApiError } from "../../errors.ts";

/**
 * The user whose inbox this is. An API key acts for its tenant, not for a person, so it has no
 * inbox: listing answers 403, and any notification id is one it does not have (404).
 */
export function inboxOwner(ctx: TenantContext): string {
  if (!ctx.actor.userId) throw new ApiError("FORBIDDEN", "The inbox belongs to a signed-in user; an API key has none");
  return ctx.actor.userId;
}

/** The user's id for operations on one notification; null for an API key (whose lookups then find nothing). */
export const inboxOwnerOrNone = (ctx: TenantContext): string | null => ctx.actor.userId;
