import { z } from "zod";
import { createApiKey, listApiKeys, revokeApiKey } from "../services/api-keys/api-keys.ts";
import { createApiKeyInput, listApiKeysInput } from "../services/api-keys/schemas.ts";
import { uuid } from "../services/shared/paging.ts";
import { adminProcedure, router } from "../trpc.ts";

export const apiKeysRouter = router({
  list: adminProcedure.input(listApiKeysInput).query(({ ctx, input }) => listApiKeys(ctx.tenant, input)),
  create: adminProcedure.input(createApiKeyInput).mutation(({ ctx, input }) => createApiKey(ctx.tenant, input)),
  revoke: adminProcedure.input(z.object({ id: uuid })).mutation(({ ctx, input }) => revokeApiKey(ctx.tenant, input.id)),
});
