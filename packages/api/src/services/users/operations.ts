import { crudOperations } from "../../operations/crud.ts";
import { TENANT_ADMIN } from "../../operations/roles.ts";
import { deleteUser } from "./delete-user.ts";
import { getUser } from "./get-user.ts";
import { inviteUser } from "./invite-user.ts";
import { listUsers } from "./list-users.ts";
import { inviteUserInput, listUsersInput, updateUserInput } from "./schemas.ts";
import { updateUser } from "./update-user.ts";

export const userOperations = crudOperations({
  path: "/users",
  tag: "Users",
  noun: "user",
  createSummary: "Invite a user (emails a link to choose a password)",
  readRoles: TENANT_ADMIN,
  writeRoles: TENANT_ADMIN,
  listInput: listUsersInput,
  createInput: inviteUserInput,
  updateInput: updateUserInput,
  createExample: { email: "operator@example.com", role: "TENANT_ADMIN" },
  updateExample: { disabled: true },
  list: listUsers,
  get: getUser,
  create: inviteUser,
  update: updateUser,
  remove: deleteUser,
});
