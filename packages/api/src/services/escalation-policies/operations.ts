import { crudOperations } from "../../operations/crud.ts";
import { defineOperation } from "../../operations/operation.ts";
import { TENANT_ADMIN, TENANT_USERS } from "../../operations/roles.ts";
import { idParams } from "../shared/paging.ts";
import { createEscalationPolicy } from "./create-escalation-policy.ts";
import { deleteEscalationPolicy } from "./delete-escalation-policy.ts";
import { getEscalationPolicy } from "./get-escalation-policy.ts";
import { listAlarmEscalations } from "./list-alarm-escalations.ts";
import { listEscalationPolicies } from "./list-escalation-policies.ts";
import {
  alarmEscalationList,
  createEscalationPolicyInput,
  listEscalationPoliciesInput,
  updateEscalationPolicyInput,
} from "./schemas.ts";
import { updateEscalationPolicy } from "./update-escalation-policy.ts";

const EXAMPLE_ON_CALL = "5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d";
const EXAMPLE_MANAGERS = "6b7c8d9e-0f1a-4b2c-9d3e-4f5a6b7c8d9e";
const EXAMPLE_TEMPLATE = "4f6c1a2b-3d4e-4f50-8a1b-2c3d4e5f6a7b";

/**
 * Escalation policies (tenant administrators): "after 10 minutes unacknowledged notify the on-call target; after
 * 30 the manager", repeats, stop on acknowledge or clear. The workers start one escalation per policy for each
 * new alarm it matches.
 */
export const escalationPolicyOperations = crudOperations({
  path: "/escalation-policies",
  tag: "Escalation policies",
  noun: "escalation policy",
  readRoles: TENANT_ADMIN,
  writeRoles: TENANT_ADMIN,
  listInput: listEscalationPoliciesInput,
  createInput: createEscalationPolicyInput,
  updateInput: updateEscalationPolicyInput,
  createExample: {
    name: "Critical alarms",
    severities: ["CRITICAL"],
    levels: [
      { afterMinutes: 10, targetIds: [EXAMPLE_ON_CALL], templateId: EXAMPLE_TEMPLATE },
      { afterMinutes: 30, targetIds: [EXAMPLE_MANAGERS] },
    ],
    repeatEveryMinutes: 60,
    repeatLimit: 3,
  },
  updateExample: { enabled: false },
  list: listEscalationPolicies,
  get: getEscalationPolicy,
  create: createEscalationPolicy,
  update: updateEscalationPolicy,
  remove: deleteEscalationPolicy,
});

export const alarmEscalationOperations = {
  list: defineOperation({
    method: "GET",
    path: "/alarms/{id}/escalations",
    tag: "Alarms",
    summary: "An alarm's escalations: where each stands and what it sent",
    description:
      "One per escalation policy the alarm matched when it was created: `status` (RUNNING, ACKNOWLEDGED, CLEARED, " +
      "COMPLETED, CANCELLED), the last level notified, when the next is due, and each notification sent with its " +
      "request's status. Customer users see their customer's alarms only.",
    access: "tenant",
    roles: TENANT_USERS,
    params: idParams,
    response: alarmEscalationList,
    handler: ({ ctx, params }) => listAlarmEscalations(ctx, params.id),
  }),
};
