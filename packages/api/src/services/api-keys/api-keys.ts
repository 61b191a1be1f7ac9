import type { z } from "zod";
import { API_KEY_PREFIX } from "../../auth/authenticate.ts";
import { generateSecret, hashSecret } from "../../auth/tokens.ts";
import type { TenantContext } from "../../context.ts";
import { notFound } from "../../errors.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { skipTake } from "../shared/paging.ts";
import type { createApiKeyInput, listApiKeysInput } from "./schemas.ts";

interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
}

const toView = (row: ApiKeyRow) => ({
  id: row.id,
  name: row.name,
  prefix: row.prefix,
  scopes: row.scopes,
  createdAt: row.createdAt.toISOString(),
  expiresAt: row.expiresAt?.toISOString() ?? null,
  lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
});

/** The key is returned once, here; only its SHA-256 is stored. */
export async function createApiKey(ctx: TenantContext, input: z.infer<typeof createApiKeyInput>) {
  const key = `${API_KEY_PREFIX}${generateSecret(24)}`;
  const row = await ctx.db.apiKey.create({
    data: {
      tenantId: ctx.tenantId,
      name: input.name,
      keyHash: hashSecret(key),
      prefix: key.slice(0, API_KEY_PREFIX.length + 6),
      scopes: input.scopes,
      expiresAt: input.expiresAt ?? null,
      createdById: ctx.actor.userId,
    },
  });
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
    actionType: "ADDED",
    entityType: "API_KEY",
    entityId: row.id,
    entityName: row.name,
  });
  return { ...toView(row), key };
}

/** Active (not revoked) keys, newest first. */
export async function listApiKeys(ctx: TenantContext, input: z.infer<typeof listApiKeysInput>) {
  const where = { revokedAt: null };
  const [rows, total] = await Promise.all([
    ctx.db.apiKey.findMany({ where, orderBy: { createdAt: "desc" }, ...skipTake(input) }),
    ctx.db.apiKey.count({ where }),
  ]);
  return { data: rows.map(toView), total, page: input.page, pageSize: input.pageSize };
}

export async function getApiKey(ctx: TenantContext, id: string) {
  const row = await ctx.db.apiKey.findFirst({ where: { id, revokedAt: null } });
  if (!row) throw notFound("API key");
  return toView(row);
}

/** Revoking keeps the row for the audit trail; the key stops working at once. */
export async function revokeApiKey(ctx: TenantContext, id: string): Promise<void> {
  const row = await ctx.db.apiKey.findFirst({ where: { id, revokedAt: null } });
  if (!row) throw notFound("API key");
  await ctx.db.apiKey.update({ where: { id }, data: { revokedAt: new Date() } });
  await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
    actionType: "DELETED",
    entityType: "API_KEY",
    entityId: id,
    entityName: row.name,
  });
}
