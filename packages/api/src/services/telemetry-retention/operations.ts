import { defineOperation } from "../../operations/operation.ts";
import { TENANT_ADMIN } from "../../operations/roles.ts";
import { retentionView, tenantRetention } from "./schemas.ts";
import { getTenantRetention, setTenantRetention } from "./tenant-retention.ts";

const tag = "Telemetry retention";

export const telemetryRetentionOperations = {
  get: defineOperation({
    method: "GET",
    path: "/tenant/telemetry-retention",
    tag,
    summary: "How long this tenant's telemetry is kept",
    access: "tenant",
    roles: TENANT_ADMIN,
    response: retentionView,
    handler: ({ ctx }) => getTenantRetention(ctx),
  }),
  set: defineOperation({
    method: "PUT",
    path: "/tenant/telemetry-retention",
    tag,
    summary: "Set how long this tenant's telemetry is kept",
    description:
      "`days` (null: the tenant's limit, else the platform's) and `keys`, rules by key prefix with their own days (the longest matching prefix wins); none beyond `platformMaxDays` nor `tenantMaxDays`, the limit a system administrator set for the tenant (422 naming the field). The daily `telemetry-maintenance` schedule deletes older points, on plain PostgreSQL and TimescaleDB alike.",
    access: "tenant",
    roles: TENANT_ADMIN,
    body: tenantRetention,
    example: { days: 90, keys: [{ prefix: "debug_", days: 7 }] },
    response: retentionView,
    handler: ({ ctx, body }) => setTenantRetention(ctx, body),
  }),
};
