"use client";
import { Card, EmptyState, QueryView } from "@industryos/ui";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../trpc.ts";
import { EntityLink } from "./entity-link.tsx";

/** The devices an entity relates to (an asset that contains, manages or uses them), each linking to its page. */
export function RelatedDevicesCard({ entityId, noun }: { entityId: string; noun: string }) {
  const trpc = useTRPC();
  // The same query as the relations card's outgoing side: one request serves both cards.
  const outgoing = useQuery(trpc.relations.list.queryOptions({ fromId: entityId, page: 1, pageSize: 50 }));
  const devices = { ...outgoing, data: outgoing.data?.data.filter((r) => r.to.type === "DEVICE") };
  return (
    <Card title="Devices">
      <QueryView
        query={devices}
        isEmpty={(d) => d.length === 0}
        empty={<EmptyState title={`No devices related to this ${noun}`}>Relate one in Relations.</EmptyState>}
      >
        {(relations) => (
          <ul className="divide-y divide-slate-100 text-sm" aria-label="Related devices">
            {relations.map((r) => (
              <li key={r.id} className="flex justify-between gap-3 py-1.5">
                <EntityLink entity={r.to} />
                <span className="text-xs text-slate-500">{r.type}</span>
              </li>
            ))}
          </ul>
        )}
      </QueryView>
    </Card>
  );
}
