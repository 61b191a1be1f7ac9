import { z } from "zod";
import { defineOperation } from "../../operations/operation.ts";
import { TENANT_USERS } from "../../operations/roles.ts";
import { idParams } from "../shared/paging.ts";
import { latestTelemetryInput, telemetryHistoryInput, telemetryPoint } from "./schemas.ts";
import { latestTelemetry, telemetryHistory, telemetryKeys } from "./telemetry.ts";

const tag = "Telemetry";

export const telemetryOperations = {
  latest: defineOperation({
    method: "GET",
    path: "/devices/{id}/telemetry/latest",
    tag,
    summary: "Latest value of each telemetry key",
    description: "`keys` is a comma-separated list (all keys when omitted). Answers `{key: {ts, value}}`.",
    access: "tenant",
    roles: TENANT_USERS,
    params: idParams,
    query: latestTelemetryInput,
    response: z.record(z.string(), telemetryPoint),
    handler: ({ ctx, params, query }) => latestTelemetry(ctx, params.id, query),
  }),
  history: defineOperation({
    method: "GET",
    path: "/devices/{id}/telemetry",
    tag,
    summary: "Telemetry history",
    description:
      "Times are epoch milliseconds (default: the last 24 hours). `agg` other than NONE needs `interval` (ms). Answers `{key: [{ts, value}]}`.",
    access: "tenant",
    roles: TENANT_USERS,
    params: idParams,
    query: telemetryHistoryInput,
    response: z.record(z.string(), z.array(telemetryPoint)),
    handler: ({ ctx, params, query }) => telemetryHistory(ctx, params.id, query),
  }),
  keys: defineOperation({
    method: "GET",
    path: "/devices/{id}/telemetry/keys",
    tag,
    summary: "Telemetry keys the device has reported",
    access: "tenant",
    roles: TENANT_USERS,
    params: idParams,
    response: z.array(z.string()),
    handler: ({ ctx, params }) => telemetryKeys(ctx, params.id),
  }),
};
