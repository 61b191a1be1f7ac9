import { z } from "zod";
import {
  createAsset,
  createAssetInput,
  deleteAsset,
  getAsset,
  listAssets,
  listAssetsInput,
  updateAsset,
  updateAssetInput,
} from "../services/assets/assets.ts";
import { listAuditLogs, listAuditLogsInput } from "../services/audit/list-audit-logs.ts";
import {
  createCustomer,
  customerInput,
  deleteCustomer,
  listCustomers,
  listCustomersInput,
  updateCustomer,
} from "../services/customers/customers.ts";
import {
  createProfile,
  deleteProfile,
  listProfiles,
  listProfilesInput,
  profileInput,
} from "../services/profiles/profiles.ts";
import {
  createRelation,
  createRelationInput,
  deleteRelation,
  listRelations,
  listRelationsInput,
} from "../services/relations/relations.ts";
import {
  deleteUser,
  inviteUser,
  inviteUserInput,
  listUsers,
  listUsersInput,
  updateUser,
  updateUserInput,
} from "../services/users/users.ts";
import { uuid } from "../services/shared/paging.ts";
import { adminProcedure, router, tenantProcedure } from "../trpc.ts";

const byId = z.object({ id: uuid });

export const assetsRouter = router({
  list: tenantProcedure.input(listAssetsInput).query(({ ctx, input }) => listAssets(ctx.tenant, input)),
  get: tenantProcedure.input(byId).query(({ ctx, input }) => getAsset(ctx.tenant, input.id)),
  create: adminProcedure.input(createAssetInput).mutation(({ ctx, input }) => createAsset(ctx.tenant, input)),
  update: adminProcedure
    .input(byId.extend({ patch: updateAssetInput }))
    .mutation(({ ctx, input }) => updateAsset(ctx.tenant, input.id, input.patch)),
  delete: adminProcedure.input(byId).mutation(({ ctx, input }) => deleteAsset(ctx.tenant, input.id)),
});

export const customersRouter = router({
  list: adminProcedure.input(listCustomersInput).query(({ ctx, input }) => listCustomers(ctx.tenant, input)),
  create: adminProcedure.input(customerInput).mutation(({ ctx, input }) => createCustomer(ctx.tenant, input)),
  update: adminProcedure
    .input(byId.extend({ patch: customerInput.partial() }))
    .mutation(({ ctx, input }) => updateCustomer(ctx.tenant, input.id, input.patch)),
  delete: adminProcedure.input(byId).mutation(({ ctx, input }) => deleteCustomer(ctx.tenant, input.id)),
});

const kind = z.enum(["device", "asset"]);
export const profilesRouter = router({
  list: adminProcedure
    .input(listProfilesInput.extend({ kind }))
    .query(({ ctx, input }) => listProfiles(ctx.tenant, input.kind, input)),
  create: adminProcedure
    .input(profileInput.extend({ kind }))
    .mutation(({ ctx, input }) => createProfile(ctx.tenant, input.kind, input)),
  delete: adminProcedure
    .input(byId.extend({ kind }))
    .mutation(({ ctx, input }) => deleteProfile(ctx.tenant, input.kind, input.id)),
});

export const usersRouter = router({
  list: adminProcedure.input(listUsersInput).query(({ ctx, input }) => listUsers(ctx.tenant, input)),
  invite: adminProcedure.input(inviteUserInput).mutation(({ ctx, input }) => inviteUser(ctx.tenant, input)),
  update: adminProcedure
    .input(byId.extend({ patch: updateUserInput }))
    .mutation(({ ctx, input }) => updateUser(ctx.tenant, input.id, input.patch)),
  delete: adminProcedure.input(byId).mutation(({ ctx, input }) => deleteUser(ctx.tenant, input.id)),
});

export const relationsRouter = router({
  list: adminProcedure.input(listRelationsInput).query(({ ctx, input }) => listRelations(ctx.tenant, input)),
  create: adminProcedure.input(createRelationInput).mutation(({ ctx, input }) => createRelation(ctx.tenant, input)),
  delete: adminProcedure.input(byId).mutation(({ ctx, input }) => deleteRelation(ctx.tenant, input.id)),
});

export const auditLogsRouter = router({
  list: adminProcedure.input(listAuditLogsInput).query(({ ctx, input }) => listAuditLogs(ctx.tenant, input)),
});
