import type { BulkJobContext } from "../bulk-job-context.ts";

/** What a row is told when chosen credentials are held by another device, in any tenant (where is not said). */
export const CREDENTIALS_TAKEN = "These credentials cannot be used; choose others";
export const TOO_MANY_CONFLICTS =
  "Not tried: too many rows of your imports in the last hour chose credentials other devices use";

/**
 * Rows whose chosen credentials another device holds, per tenant and hour, as `PUT /devices/{id}/credentials`
 * allows (CREDENTIAL_CONFLICTS_PER_TENANT): past it, rows choosing credentials are not tried, so an import
 * cannot probe which client ids, user names or tokens other tenants use. Counted from the failed rows
 * themselves, so the API and the workers share it without sharing a Redis key prefix.
 */
export const CONFLICTS_PER_HOUR = 5;

export interface ConflictBudget {
  left: number;
}

export async function credentialConflictBudget(ctx: BulkJobContext): Promise<ConflictBudget> {
  const recent = await ctx.db.bulkJobItem.count({
    where: { error: CREDENTIALS_TAKEN, job: { updatedAt: { gte: new Date(Date.now() - 3_600_000) } } },
  });
  return { left: CONFLICTS_PER_HOUR - recent };
}
