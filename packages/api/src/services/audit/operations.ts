import { defineOperation } from "../../operations/operation.ts";
import { TENANT_ADMIN } from "../../operations/roles.ts";
import { listAuditLogs, listAuditLogsInput } from "./list-audit-logs.ts";

export const auditLogOperations = {
  list: defineOperation({
    method: "GET",
    path: "/audit-logs",
    tag: "Audit log",
    summary: "List audit log entries (filter by user, entity, action, time)",
    access: "tenant",
    roles: TENANT_ADMIN,
    query: listAuditLogsInput,
    handler: ({ ctx, query }) => listAuditLogs(ctx, query),
  }),
};
