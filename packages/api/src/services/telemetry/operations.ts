import { z } from "zod";
import { defineOperation } from "../../operations/operation.ts";
import { TENANT_ADMIN, TENANT_USERS } from "../../operations/roles.ts";
import { entityParams } from "../entities/schemas.ts";
import { deleteTelemetry } from "./delete-telemetry.ts";
import { latestTelemetry } from "./latest-telemetry.ts";
import { saveTelemetry } from "./save-telemetry.ts";
import {
  deleteTelemetryInput,
  latestTelemetryInput,
  savedTelemetry,
  telemetryHistoryInput,
  telemetryPayload,
  telemetryPoint,
} from "./schemas.ts";
import { telemetryHistory } from "./telemetry-history.ts";
import { telemetryKeys } from "./telemetry-keys.ts";

const tag = "Telemetry";
const entities =
  "`entityType` is `devices`, `assets`, `customers` or `tenants` (your own tenant's id); customer users see their customer's devices and assets and their customer, never the tenant.";

export const telemetryOperations = {
  latest: defineOperation({
    method: "GET",
    path: "/{entityType}/{id}/telemetry/latest",
    tag,
    summary: "Latest value of each telemetry key",
    description: `\`keys\` is a comma-separated list (all keys when omitted). Answers \`{key: {ts, value}}\`. ${entities}`,
    access: "tenant",
    roles: TENANT_USERS,
    params: entityParams,
    query: latestTelemetryInput,
    response: z.record(z.string(), telemetryPoint),
    handler: ({ ctx, params, query }) => latestTelemetry(ctx, params.entityType, params.id, query),
  }),
  history: defineOperation({
    method: "GET",
    path: "/{entityType}/{id}/telemetry",
    tag,
    summary: "Telemetry history",
    description: `Times are epoch milliseconds (default: the last 24 hours). \`agg\` other than NONE needs \`interval\` (ms). Answers \`{key: [{ts, value}]}\`. ${entities}`,
    access: "tenant",
    roles: TENANT_USERS,
    params: entityParams,
    query: telemetryHistoryInput,
    response: z.record(z.string(), z.array(telemetryPoint)),
    handler: ({ ctx, params, query }) => telemetryHistory(ctx, params.entityType, params.id, query),
  }),
  keys: defineOperation({
    method: "GET",
    path: "/{entityType}/{id}/telemetry/keys",
    tag,
    summary: "Telemetry keys the entity has reported",
    description: entities,
    access: "tenant",
    roles: TENANT_USERS,
    params: entityParams,
    response: z.array(z.string()),
    handler: ({ ctx, params }) => telemetryKeys(ctx, params.entityType, params.id),
  }),
  save: defineOperation({
    method: "POST",
    path: "/{entityType}/{id}/telemetry",
    tag,
    summary: "Push telemetry",
    description:
      'The device API\'s payload forms: a flat object `{"temperature": 21.5}` (stamped with the receive time), `{"ts": 1700000000000, "values": {...}}`, or an array of those. Stored first, then sent to the rule engine and live dashboards like a device\'s telemetry; answers the number of points stored. `entityType` is `devices`, `assets`, `customers` or `tenants` (your own tenant\'s id).',
    access: "tenant",
    roles: TENANT_ADMIN,
    params: entityParams,
    body: telemetryPayload,
    example: [{ ts: 1700000000000, values: { temperature: 21.5, humidity: 40 } }, { temperature: 22 }],
    response: savedTelemetry,
    handler: ({ ctx, params, body }) => saveTelemetry(ctx, params.entityType, params.id, body),
  }),
  delete: defineOperation({
    method: "DELETE",
    path: "/{entityType}/{id}/telemetry",
    tag,
    summary: "Delete telemetry of some keys in a time range",
    description:
      "`keys` is a comma-separated list; `from` (inclusive) and `to` (exclusive) are epoch milliseconds. A latest value in the range goes too (the key's newest point left takes its place). Answers `{deleted}`, the number of points deleted.",
    access: "tenant",
    roles: TENANT_ADMIN,
    params: entityParams,
    query: deleteTelemetryInput,
    response: z.object({ deleted: z.number() }),
    successStatus: 200,
    handler: ({ ctx, params, query }) => deleteTelemetry(ctx, params.entityType, params.id, query),
  }),
};
