import { z } from "zod";
import { listTenants, listTenantsInput, updateTenant, updateTenantInput } from "../services/admin/tenants.ts";
import { uuid } from "../services/shared/paging.ts";
import { router, systemProcedure } from "../trpc.ts";

export const adminRouter = router({
  tenants: systemProcedure.input(listTenantsInput).query(({ ctx, input }) => listTenants(ctx.deps, input)),
  updateTenant: systemProcedure
    .input(z.object({ id: uuid, patch: updateTenantInput }))
    .mutation(({ ctx, input }) => updateTenant(ctx.deps, ctx.actor, input.id, input.patch)),
});
