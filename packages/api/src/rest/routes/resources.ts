import { createAsset, createAssetInput, deleteAsset, getAsset, listAssets, listAssetsInput, updateAsset, updateAssetInput } from "../../services/assets/assets.ts";
import { listAuditLogs, listAuditLogsInput } from "../../services/audit/list-audit-logs.ts";
import { createCustomer, customerInput, deleteCustomer, getCustomer, listCustomers, listCustomersInput, updateCustomer } from "../../services/customers/customers.ts";
import { createProfile, deleteProfile, getProfile, listProfiles, listProfilesInput, profileInput, updateProfile } from "../../services/profiles/profiles.ts";
import { createRelation, createRelationInput, deleteRelation, getRelation, listRelations, listRelationsInput } from "../../services/relations/relations.ts";
import { deleteUser, getUser, inviteUser, inviteUserInput, listUsers, listUsersInput, updateUser, updateUserInput } from "../../services/users/users.ts";
import { idParams } from "../../services/shared/paging.ts";
import { defineRoute } from "../route.ts";
import { crudRoutes } from "./crud.ts";

const ADMIN: ["TENANT_ADMIN"] = ["TENANT_ADMIN"];
const ANY_TENANT_USER: ["TENANT_ADMIN", "CUSTOMER_USER"] = ["TENANT_ADMIN", "CUSTOMER_USER"];

export const resourceRoutes = [
  ...crudRoutes({
    path: "/assets",
    tag: "Assets",
    noun: "asset",
    readRoles: ANY_TENANT_USER,
    writeRoles: ADMIN,
    listInput: listAssetsInput,
    createInput: createAssetInput,
    updateInput: updateAssetInput,
    list: listAssets,
    get: getAsset,
    create: createAsset,
    update: updateAsset,
    remove: deleteAsset,
  }),
  ...crudRoutes({
    path: "/customers",
    tag: "Customers",
    noun: "customer",
    readRoles: ADMIN,
    writeRoles: ADMIN,
    listInput: listCustomersInput,
    createInput: customerInput,
    updateInput: customerInput.partial(),
    list: listCustomers,
    get: getCustomer,
    create: createCustomer,
    update: updateCustomer,
    remove: deleteCustomer,
  }),
  ...(["device", "asset"] as const).flatMap((kind) =>
    crudRoutes({
      path: `/${kind}-profiles`,
      tag: `${kind === "device" ? "Device" : "Asset"} profiles`,
      noun: `${kind} profile`,
      readRoles: ADMIN,
      writeRoles: ADMIN,
      listInput: listProfilesInput,
      createInput: profileInput,
      updateInput: profileInput.partial(),
      list: (ctx, input) => listProfiles(ctx, kind, input),
      get: (ctx, id) => getProfile(ctx, kind, id),
      create: (ctx, input) => createProfile(ctx, kind, input),
      update: (ctx, id, input) => updateProfile(ctx, kind, id, input),
      remove: (ctx, id) => deleteProfile(ctx, kind, id),
    }),
  ),
  ...crudRoutes({
    path: "/users",
    tag: "Users",
    noun: "user",
    createSummary: "Invite a user (emails a link to choose a password)",
    readRoles: ADMIN,
    writeRoles: ADMIN,
    listInput: listUsersInput,
    createInput: inviteUserInput,
    updateInput: updateUserInput,
    list: listUsers,
    get: getUser,
    create: inviteUser,
    update: updateUser,
    remove: deleteUser,
  }),
  defineRoute({ method: "GET", path: "/relations", tag: "Relations", summary: "List relations (filter by fromId, toId, type)", access: "tenant", roles: ADMIN, query: listRelationsInput, handler: ({ ctx, query }) => listRelations(ctx, query) }),
  defineRoute({ method: "POST", path: "/relations", tag: "Relations", summary: "Relate two entities", access: "tenant", roles: ADMIN, body: createRelationInput, successStatus: 201, handler: ({ ctx, body }) => createRelation(ctx, body) }),
  defineRoute({ method: "GET", path: "/relations/{id}", tag: "Relations", summary: "Get a relation", access: "tenant", roles: ADMIN, params: idParams, handler: ({ ctx, params }) => getRelation(ctx, params.id) }),
  defineRoute({ method: "DELETE", path: "/relations/{id}", tag: "Relations", summary: "Delete a relation", access: "tenant", roles: ADMIN, params: idParams, handler: ({ ctx, params }) => deleteRelation(ctx, params.id) }),
  defineRoute({
    method: "GET",
    path: "/audit-logs",
    tag: "Audit log",
    summary: "List audit log entries (filter by user, entity, action, time)",
    access: "tenant",
    roles: ADMIN,
    query: listAuditLogsInput,
    handler: ({ ctx, query }) => listAuditLogs(ctx, query),
  }),
];
