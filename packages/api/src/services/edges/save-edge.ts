import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { generateSecret, hashSecret } from "../../auth/tokens.ts";
import type { TenantContext } from "../../context.ts";
import { conflict, notFound } from "../../errors.ts";
import { isUniqueViolation } from "../../rest/error-response.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { skipTake } from "../shared/paging.ts";
import { toEdgeView } from "./edge-view.ts";
import type { CreateEdgeInput, EdgeView, listEdgesInput, UpdateEdgeInput } from "./schemas.ts";

const nameTaken = (name: string) => conflict(`An edge named "${name}" already exists`);

async function findEdge(ctx: TenantContext, id: string) {
  const row = await ctx.db.edge.findFirst({ where: { id } });
  if (!row) throw notFound("Edge");
  return row;
}

export async function getEdge(ctx: TenantContext, id: string): Promise<EdgeView> {
  return toEdgeView(await findEdge(ctx, id));
}

export async function listEdges(ctx: TenantContext, input: z.output<typeof listEdgesInput>) {
  const [rows, total] = await Promise.all([
    ctx.db.edge.findMany({ orderBy: { name: "asc" }, ...skipTake(input) }),
    ctx.db.edge.count(),
  ]);
  return { data: rows.map(toEdgeView), total, page: input.page, pageSize: input.pageSize };
}

/** The secret is in the answer once (the edge's EDGE_SECRET); only its SHA-256 is stored. */
export async function createEdge(ctx: TenantContext, input: CreateEdgeInput): Promise<EdgeView & { secret: string }> {
  const secret = generateSecret(24);
  try {
    const row = await ctx.db.edge.create({
      data: { tenantId: ctx.tenantId, name: input.name, routingKey: randomUUID(), secretHash: hashSecret(secret) },
    });
    await auditEdge(ctx, "ADDED", row);
    return { ...toEdgeView(row), secret };
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(input.name);
    throw error;
  }
}

/** EntityType has no EDGE, so the audit row says what it is in actionData, as OTA packages and notification rules do. */
const auditEdge = (
  ctx: TenantContext,
  actionType: "ADDED" | "UPDATED" | "DELETED",
  edge: { id: string; name: string },
  data: Record<string, unknown> = {},
) =>
  recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
    actionType,
    entityId: edge.id,
    entityName: edge.name,
    actionData: { kind: "edge", ...data },
  });

/** Renames the edge; its key, secret and sync state stay. */
export async function updateEdge(ctx: TenantContext, id: string, input: UpdateEdgeInput): Promise<EdgeView> {
  const before = await findEdge(ctx, id);
  let row;
  try {
    row = await ctx.db.edge.update({
      where: { id },
      data: input.name !== undefined ? { name: input.name } : {},
    });
  } catch (error) {
    if (isUniqueViolation(error) && input.name) throw nameTaken(input.name);
    throw error;
  }
  await auditEdge(ctx, "UPDATED", row, before.name !== row.name ? { previousName: before.name } : {});
  return toEdgeView(row);
}

/** The edge's key stops working at once; what it had queued and not yet pushed stays at the site. */
export async function deleteEdge(ctx: TenantContext, id: string): Promise<void> {
  const edge = await findEdge(ctx, id);
  await ctx.db.edge.delete({ where: { id } });
  await auditEdge(ctx, "DELETED", edge);
}
