"use client";
import { Card, EmptyState, QueryView, formatDateTime } from "@industryos/ui";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../trpc.ts";

/** An entity's audit trail (a device's, an asset's, a profile's, ...): who changed it and when, newest first. */
export function AuditTrailCard({ entityId }: { entityId: string }) {
  const trpc = useTRPC();
  const logs = useQuery(trpc.auditLogs.list.queryOptions({ entityId, page: 1, pageSize: 10 }));
  return (
    <Card title="Audit trail">
      <QueryView query={logs} isEmpty={(d) => d.total === 0} empty={<EmptyState title="No changes recorded" />}>
        {(list) => (
          <ul className="divide-y divide-slate-100 text-sm">
            {list.data.map((l) => (
              <li key={l.id} className="flex justify-between gap-3 py-1.5">
                <span>
                  <b className="font-medium">{l.actionType.replaceAll("_", " ").toLowerCase()}</b> by{" "}
                  {l.userEmail ?? "system"}
                </span>
                <span className="text-xs text-slate-400">{formatDateTime(l.createdAt)}</span>
              </li>
            ))}
          </ul>
        )}
      </QueryView>
    </Card>
  );
}
