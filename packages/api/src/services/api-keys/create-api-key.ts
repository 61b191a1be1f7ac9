import type { z } from "zod";
import { API_KEY_PREFIX } from "../../auth/authenticate.ts";
import { generateSecret, hashSecret } from "../../auth/tokens.ts";
import type { TenantContext } from "../../context.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { toView } from "./api-key-view.ts";
import type { createApiKeyInput } from "./schemas.ts";

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
