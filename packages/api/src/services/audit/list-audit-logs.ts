import { EntityType } from "@industryos/db";
import { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { pagingInput, skipTake, uuid } from "../shared/paging.ts";

export const listAuditLogsInput = pagingInput.extend({
  userId: uuid.optional(),
  entityId: uuid.optional(),
  entityType: z.enum(EntityType).optional(),
  actionType: z.string().max(100).optional(),
  /** Epoch milliseconds or an ISO date. */
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
});

/** Newest first; every filter narrows. */
export async function listAuditLogs(ctx: TenantContext, input: z.infer<typeof listAuditLogsInput>) {
  const where = {
    ...(input.userId ? { userId: input.userId } : {}),
    ...(input.entityId ? { entityId: input.entityId } : {}),
    ...(input.entityType ? { entityType: input.entityType } : {}),
    ...(input.actionType ? { actionType: input.actionType } : {}),
    ...(input.from || input.to
      ? { createdAt: { ...(input.from ? { gte: input.from } : {}), ...(input.to ? { lte: input.to } : {}) } }
      : {}),
  };
  const [rows, total] = await Promise.all([
    ctx.db.auditLog.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "asc" }], ...skipTake(input) }),
    ctx.db.auditLog.count({ where }),
  ]);
  return {
    data: rows.map((r) => ({
      id: r.id,
      createdAt: r.createdAt.toISOString(),
      userId: r.userId,
      userEmail: r.userEmail,
      entityType: r.entityType,
      entityId: r.entityId,
      entityName: r.entityName,
      actionType: r.actionType,
      actionData: r.actionData,
      status: r.status,
      failureDetails: r.failureDetails,
    })),
    total,
    page: input.page,
    pageSize: input.pageSize,
  };
}
