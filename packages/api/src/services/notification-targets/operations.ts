import { crudOperations } from "../../operations/crud.ts";
import { TENANT_ADMIN } from "../../operations/roles.ts";
import { createTarget } from "./create-target.ts";
import { deleteTarget } from "./delete-target.ts";
import { getTarget } from "./get-target.ts";
import { listTargets } from "./list-targets.ts";
import { createTargetInput, listTargetsInput, updateTargetInput } from "./schemas.ts";
import { updateTarget } from "./update-target.ts";

/**
 * Who a notification reaches: platform users (all, the tenant's administrators, a customer's users
 * or a list), email addresses, phone numbers (E.164), Slack channels or a webhook URL.
 */
export const notificationTargetOperations = crudOperations({
  path: "/notification-targets",
  tag: "Notifications",
  noun: "notification target",
  readRoles: TENANT_ADMIN,
  writeRoles: TENANT_ADMIN,
  listInput: listTargetsInput,
  createInput: createTargetInput,
  updateInput: updateTargetInput,
  createExample: { name: "On-call engineers", type: "EMAIL", configuration: { emails: ["oncall@example.com"] } },
  updateExample: { description: "Paged for MAJOR and CRITICAL alarms" },
  list: listTargets,
  get: getTarget,
  create: createTarget,
  update: updateTarget,
  remove: deleteTarget,
});
