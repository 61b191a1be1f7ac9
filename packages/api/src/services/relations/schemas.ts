import { z } from "zod";
import { pagingInput, uuid } from "../shared/paging.ts";

const RELATABLE = ["CUSTOMER", "DEVICE", "ASSET", "DASHBOARD", "DEVICE_PROFILE", "ASSET_PROFILE", "USER"] as const;
export const entityRef = z.object({ type: z.enum(RELATABLE), id: uuid });

export const createRelationInput = z.object({
  from: entityRef,
  to: entityRef,
  /** "Contains", "Manages", "Uses", ... */
  type: z.string().trim().min(1).max(255).default("Contains"),
  typeGroup: z.enum(["COMMON", "DASHBOARD", "RULE_CHAIN", "RULE_NODE"]).default("COMMON"),
});
export const listRelationsInput = pagingInput.extend({
  fromId: uuid.optional(),
  toId: uuid.optional(),
  type: z.string().max(255).optional(),
});
