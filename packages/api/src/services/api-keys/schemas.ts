import { z } from "zod";
import { pagingInput } from "../shared/paging.ts";

export const API_KEY_SCOPES = ["read", "write"] as const;

export const createApiKeyInput = z.object({
  name: z.string().trim().min(1, "Name the key after what uses it").max(100),
  /** "read" keys may only GET; default: read and write. */
  scopes: z.array(z.enum(API_KEY_SCOPES)).min(1).default(["read", "write"]),
  expiresAt: z.coerce
    .date()
    .refine((d) => d.getTime() > Date.now(), "The expiry must be in the future")
    .optional(),
});

export const listApiKeysInput = pagingInput;

export const apiKeyView = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(z.string()),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
});
