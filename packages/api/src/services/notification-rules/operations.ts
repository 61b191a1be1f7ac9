import { defineOperation } from "../../operations/operation.ts";
import { TENANT_ADMIN } from "../../operations/roles.ts";
import { idParams } from "../shared/paging.ts";
import { createNotificationRule } from "./create-notification-rule.ts";
import { deleteNotificationRule } from "./delete-notification-rule.ts";
import { getNotificationRule } from "./get-notification-rule.ts";
import { listNotificationRules } from "./list-notification-rules.ts";
import {
  createNotificationRuleInput,
  listNotificationRulesInput,
  notificationRulePage,
  notificationRuleView,
  updateNotificationRuleInput,
} from "./schemas.ts";
import { setNotificationRuleEnabled, updateNotificationRule } from "./update-notification-rule.ts";

const tag = "Notification rules";
const tenant = "tenant" as const;
const EXAMPLE_TEMPLATE = "4f6c1a2b-3d4e-4f50-8a1b-2c3d4e5f6a7b";
const EXAMPLE_TARGET = "5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d";

const triggers =
  "Triggers: `ALARM` `{events: [CREATED, SEVERITY_CHANGED, ACKNOWLEDGED, CLEARED], alarmTypes?, severities?, " +
  "originatorIds?}`; `ALARM_UNACKNOWLEDGED` `{afterMinutes, alarmTypes?, severities?, originatorIds?}` (a new alarm still neither " +
  "acknowledged nor cleared that long after it started); `DEVICE_INACTIVITY` `{deviceProfileIds?, deviceIds?}`; " +
  "`ENTITY_ACTION` `{entityTypes: [DEVICE, ASSET, CUSTOMER], actions: [CREATED, UPDATED, DELETED]}`; `RULE_NODE` " +
  "`{}` (fired by rule chains' action.notify node). Empty or absent filters match everything. The template must be " +
  "written for the trigger's kind of event and every target must exist (else 422 naming the field).";

/**
 * Notification rules (tenant administrators): what sends a notification by itself. The workers' rule engine
 * evaluates enabled rules on the tenant's alarm, entity and inactivity events and creates one notification
 * request per rule and event.
 */
export const notificationRuleOperations = {
  list: defineOperation({
    method: "GET",
    path: "/notification-rules",
    tag,
    summary: "List notification rules",
    description: "By name; `search` matches the name, `triggerType` and `enabled` filter.",
    access: tenant,
    roles: TENANT_ADMIN,
    query: listNotificationRulesInput,
    response: notificationRulePage,
    handler: ({ ctx, query }) => listNotificationRules(ctx, query),
  }),
  create: defineOperation({
    method: "POST",
    path: "/notification-rules",
    tag,
    summary: "Create a notification rule",
    description: triggers,
    access: tenant,
    roles: TENANT_ADMIN,
    body: createNotificationRuleInput,
    example: {
      name: "Critical alarms to on-call",
      triggerType: "ALARM",
      triggerConfig: { events: ["CREATED", "SEVERITY_CHANGED"], severities: ["CRITICAL"] },
      templateId: EXAMPLE_TEMPLATE,
      targetIds: [EXAMPLE_TARGET],
    },
    response: notificationRuleView,
    successStatus: 201,
    handler: ({ ctx, body }) => createNotificationRule(ctx, body),
  }),
  get: defineOperation({
    method: "GET",
    path: "/notification-rules/{id}",
    tag,
    summary: "Get a notification rule",
    access: tenant,
    roles: TENANT_ADMIN,
    params: idParams,
    response: notificationRuleView,
    handler: ({ ctx, params }) => getNotificationRule(ctx, params.id),
  }),
  update: defineOperation({
    method: "PATCH",
    path: "/notification-rules/{id}",
    tag,
    summary: "Update a notification rule",
    description: `Any of the fields; a new \`triggerType\` needs its \`triggerConfig\`. ${triggers}`,
    access: tenant,
    roles: TENANT_ADMIN,
    params: idParams,
    body: updateNotificationRuleInput,
    example: { triggerConfig: { events: ["CREATED", "CLEARED"], severities: ["CRITICAL", "MAJOR"] } },
    response: notificationRuleView,
    handler: ({ ctx, params, body }) => updateNotificationRule(ctx, params.id, body),
  }),
  enable: defineOperation({
    method: "POST",
    path: "/notification-rules/{id}/enable",
    tag,
    summary: "Enable a notification rule",
    access: tenant,
    roles: TENANT_ADMIN,
    params: idParams,
    response: notificationRuleView,
    handler: ({ ctx, params }) => setNotificationRuleEnabled(ctx, params.id, true),
  }),
  disable: defineOperation({
    method: "POST",
    path: "/notification-rules/{id}/disable",
    tag,
    summary: "Disable a notification rule",
    description:
      "Events from now on are not evaluated against it; alarms already waiting to be unacknowledged do not notify.",
    access: tenant,
    roles: TENANT_ADMIN,
    params: idParams,
    response: notificationRuleView,
    handler: ({ ctx, params }) => setNotificationRuleEnabled(ctx, params.id, false),
  }),
  delete: defineOperation({
    method: "DELETE",
    path: "/notification-rules/{id}",
    tag,
    summary: "Delete a notification rule",
    description: "Requests it already made stay in the log.",
    access: tenant,
    roles: TENANT_ADMIN,
    params: idParams,
    handler: ({ ctx, params }) => deleteNotificationRule(ctx, params.id),
  }),
};
