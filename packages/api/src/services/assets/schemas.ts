import { z } from "zod";
import { pagingInput, uuid } from "../shared/paging.ts";

export const createAssetInput = z.object({
  name: z.string().trim().min(1, "Name the asset").max(255),
  label: z.string().trim().max(255).nullable().optional(),
  type: z.string().trim().min(1).max(255).optional(),
  profileId: uuid.optional(),
  customerId: uuid.nullable().optional(),
});
export const updateAssetInput = createAssetInput.partial();
export const listAssetsInput = pagingInput.extend({
  search: z.string().trim().max(255).optional(),
  type: z.string().max(255).optional(),
  customerId: uuid.optional(),
  /** The assets of one asset profile (the profile's page counts them). */
  profileId: uuid.optional(),
});
