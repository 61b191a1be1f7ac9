import type { UserRole } from "@industryos/db";
import type { Actor } from "../actor.ts";
import { forbidden } from "../errors.ts";

/** Throws 403 unless the actor has one of the roles. */
export function requireRole(actor: Actor, ...roles: UserRole[]): void {
  if (!roles.includes(actor.role)) throw forbidden();
}

/** Read-only API keys may call GET routes only. */
export function requireWriteScope(actor: Actor): void {
  if (actor.apiKeyId && actor.scopes && actor.scopes.length > 0 && !actor.scopes.includes("write")) {
    throw forbidden("This API key is read-only");
  }
}

/**
 * Customer users see only what is assigned to their customer. Returns the filter to add to a
 * query (nothing for tenant admins).
 */
export function customerFilter(actor: Actor): { customerId?: string } {
  if (actor.role !== "CUSTOMER_USER") return {};
  if (!actor.customerId) throw forbidden("This user belongs to no customer");
  return { customerId: actor.customerId };
}
