"use client";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../trpc.ts";

/** How many devices a saved filter matches now, in words (the number a campaign over it would take if started now). */
export function MatchedCount({ filterId }: { filterId: string }) {
  const trpc = useTRPC();
  const matched = useQuery(trpc.deviceFilters.devices.queryOptions({ id: filterId, page: 1, pageSize: 1 }));
  if (matched.isPending) return <span className="text-slate-500">Counting…</span>;
  if (matched.error) return <span className="text-red-600">Not counted: {matched.error.message}</span>;
  const total = matched.data.total;
  return (
    <span>
      {total === 0
        ? "No device matches now"
        : `${total.toLocaleString("en-US")} ${total === 1 ? "device matches" : "devices match"} now`}
    </span>
  );
}
