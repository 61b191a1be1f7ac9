import { defineOperation } from "../../operations/operation.ts";
import { TENANT_ADMIN, TENANT_USERS } from "../../operations/roles.ts";
import { idParams } from "../shared/paging.ts";
import { ackAlarm } from "./ack-alarm.ts";
import { ackAlarms } from "./ack-alarms.ts";
import { addAlarmComment } from "./add-alarm-comment.ts";
import { alarmCounts } from "./alarm-counts.ts";
import { assignAlarm } from "./assign-alarm.ts";
import { clearAlarm } from "./clear-alarm.ts";
import { clearAlarms } from "./clear-alarms.ts";
import { getAlarm } from "./get-alarm.ts";
import { listAlarmComments } from "./list-alarm-comments.ts";
import { listAlarms } from "./list-alarms.ts";
import {
  alarmCommentInput,
  alarmCommentPage,
  alarmCommentView,
  alarmCountsInput,
  alarmCountsView,
  alarmIdsInput,
  alarmPage,
  alarmView,
  assignAlarmInput,
  bulkAlarmResult,
  listAlarmCommentsInput,
  listAlarmsInput,
} from "./schemas.ts";

const tag = "Alarms";
const customers = "Customer users see and act on their customer's alarms only.";
const events =
  "Emits an event into the rule engine (on the originator's partition) and a message on the tenant's alarms channel.";

// `/alarms/counts` comes before `/alarms/{id}`: the first operation whose path matches answers.
export const alarmOperations = {
  list: defineOperation({
    method: "GET",
    path: "/alarms",
    tag,
    summary: "List alarms",
    description: `Newest first. \`status\` (ACTIVE_UNACK, ACTIVE_ACK, CLEARED_UNACK, CLEARED_ACK), \`severity\`, \`type\` and \`originatorId\` take comma-separated lists; \`originatorId\` also matches alarms propagated to the entity (an asset containing the device, the customer). \`from\`/\`to\` (epoch ms) bound the start time; \`search\` matches the type and the originator's name. ${customers}`,
    access: "tenant",
    roles: TENANT_USERS,
    query: listAlarmsInput,
    response: alarmPage,
    handler: ({ ctx, query }) => listAlarms(ctx, query),
  }),
  counts: defineOperation({
    method: "GET",
    path: "/alarms/counts",
    tag,
    summary: "Counts of active alarms by severity",
    description: `Of the tenant, or with \`originatorId\` (comma-separated) of those entities (raised on them or propagated to them), together and per entity under \`byOriginator\`. ${customers}`,
    access: "tenant",
    roles: TENANT_USERS,
    query: alarmCountsInput,
    response: alarmCountsView,
    handler: ({ ctx, query }) => alarmCounts(ctx, query),
  }),
  get: defineOperation({
    method: "GET",
    path: "/alarms/{id}",
    tag,
    summary: "Get an alarm",
    description: customers,
    access: "tenant",
    roles: TENANT_USERS,
    params: idParams,
    response: alarmView,
    handler: ({ ctx, params }) => getAlarm(ctx, params.id),
  }),
  ack: defineOperation({
    method: "POST",
    path: "/alarms/{id}/ack",
    tag,
    summary: "Acknowledge an alarm",
    description: `Adds a system comment and an audit entry; acknowledging again changes nothing. ${events} ${customers}`,
    access: "tenant",
    roles: TENANT_USERS,
    params: idParams,
    response: alarmView,
    handler: ({ ctx, params }) => ackAlarm(ctx, params.id),
  }),
  clear: defineOperation({
    method: "POST",
    path: "/alarms/{id}/clear",
    tag,
    summary: "Clear an alarm",
    description: `Adds a system comment and an audit entry; the next raise of its type on its originator creates a new alarm. ${events} ${customers}`,
    access: "tenant",
    roles: TENANT_USERS,
    params: idParams,
    response: alarmView,
    handler: ({ ctx, params }) => clearAlarm(ctx, params.id),
  }),
  assign: defineOperation({
    method: "POST",
    path: "/alarms/{id}/assign",
    tag,
    summary: "Assign an alarm to a user (null unassigns)",
    description: `The user must be a user of the tenant (else 422). Adds a system comment and an audit entry. ${events}`,
    access: "tenant",
    roles: TENANT_ADMIN,
    params: idParams,
    body: assignAlarmInput,
    example: { userId: "7b1d2c3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e" },
    response: alarmView,
    handler: ({ ctx, params, body }) => assignAlarm(ctx, params.id, body),
  }),
  comments: defineOperation({
    method: "GET",
    path: "/alarms/{id}/comments",
    tag,
    summary: "An alarm's comments (its timeline), oldest first",
    description: `SYSTEM comments record acknowledgements, clears and assignments. ${customers}`,
    access: "tenant",
    roles: TENANT_USERS,
    params: idParams,
    query: listAlarmCommentsInput,
    response: alarmCommentPage,
    handler: ({ ctx, params, query }) => listAlarmComments(ctx, params.id, query),
  }),
  addComment: defineOperation({
    method: "POST",
    path: "/alarms/{id}/comments",
    tag,
    summary: "Comment on an alarm",
    description: `${events} ${customers}`,
    access: "tenant",
    roles: TENANT_USERS,
    params: idParams,
    body: alarmCommentInput,
    example: { text: "Technician on the way" },
    response: alarmCommentView,
    successStatus: 201,
    handler: ({ ctx, params, body }) => addAlarmComment(ctx, params.id, body),
  }),
  ackMany: defineOperation({
    method: "POST",
    path: "/alarms/ack",
    tag,
    summary: "Acknowledge several alarms",
    description: `Each as \`POST /alarms/{id}/ack\` would; ids the caller may not see are listed in \`notFound\`. ${customers}`,
    access: "tenant",
    roles: TENANT_USERS,
    body: alarmIdsInput,
    example: { ids: ["3f0c9a4e-8a7b-4d2e-9c1f-5b6a7d8e9f01"] },
    response: bulkAlarmResult,
    handler: ({ ctx, body }) => ackAlarms(ctx, body),
  }),
  clearMany: defineOperation({
    method: "POST",
    path: "/alarms/clear",
    tag,
    summary: "Clear several alarms",
    description: `Each as \`POST /alarms/{id}/clear\` would; ids the caller may not see are listed in \`notFound\`. ${customers}`,
    access: "tenant",
    roles: TENANT_USERS,
    body: alarmIdsInput,
    example: { ids: ["3f0c9a4e-8a7b-4d2e-9c1f-5b6a7d8e9f01"] },
    response: bulkAlarmResult,
    handler: ({ ctx, body }) => clearAlarms(ctx, body),
  }),
};
