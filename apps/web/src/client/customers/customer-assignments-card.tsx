"use client";
import { Card, EmptyState, QueryView, type QueryState } from "@industryos/ui";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "../trpc.ts";
import { EntityLink } from "../entities/entity-link.tsx";

const SHOWN = 10;

/** One kind of thing assigned to the customer: its count, the first few by name, and where to see all. */
function AssignedList({
  heading,
  query,
  type,
  allHref,
}: {
  heading: string;
  query: QueryState<{ data: { id: string }[]; total: number }>;
  type: "DEVICE" | "ASSET" | "DASHBOARD";
  allHref?: string;
}) {
  return (
    <section aria-label={heading}>
      <h3 className="mb-1 text-sm font-semibold text-slate-700">
        {heading} {query.data && <span className="font-normal text-slate-500">({query.data.total})</span>}
      </h3>
      <QueryView query={query} isEmpty={(d) => d.total === 0} empty={<p className="text-sm text-slate-500">None</p>}>
        {(list) => (
          <ul className="space-y-1 text-sm">
            {list.data.map((item) => (
              <li key={item.id}>
                <EntityLink entity={{ type, id: item.id }} />
              </li>
            ))}
            {allHref && list.total > list.data.length && (
              <li>
                <Link href={allHref} className="text-xs text-brand-700 hover:underline">
                  All {list.total} →
                </Link>
              </li>
            )}
          </ul>
        )}
      </QueryView>
    </section>
  );
}

/** What the customer's users see: the devices, assets and dashboards assigned to the customer. */
export function CustomerAssignmentsCard({ customerId }: { customerId: string }) {
  const trpc = useTRPC();
  const page = { page: 1, pageSize: SHOWN, customerId };
  const devices = useQuery(trpc.devices.list.queryOptions(page));
  const assets = useQuery(trpc.assets.list.queryOptions(page));
  const dashboards = useQuery(trpc.dashboards.list.queryOptions(page));
  const nothing = devices.data?.total === 0 && assets.data?.total === 0 && dashboards.data?.total === 0;
  return (
    <Card title="Assigned to this customer">
      {/* With nothing at all, one empty state says so and how to assign, instead of three "None"s. */}
      {nothing ? (
        <EmptyState title="Nothing assigned yet">
          Assign devices and assets on their pages, dashboards from the dashboards list.
        </EmptyState>
      ) : (
        <div className="grid grid-cols-1 gap-4 sm:grid-cols-3">
          <AssignedList heading="Devices" query={devices} type="DEVICE" allHref={`/devices?customerId=${customerId}`} />
          <AssignedList heading="Assets" query={assets} type="ASSET" />
          <AssignedList heading="Dashboards" query={dashboards} type="DASHBOARD" />
        </div>
      )}
    </Card>
  );
}
