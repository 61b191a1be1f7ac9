"use client";
import { Card, EmptyState, QueryView, formatRelativeTime, formatValue } from "@industryos/ui";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../trpc.ts";

/** The newest value of every key, refreshed every two seconds. */
export function LatestTelemetryCard({ deviceId }: { deviceId: string }) {
  const trpc = useTRPC();
  const latest = useQuery({ ...trpc.telemetry.latest.queryOptions({ id: deviceId }), refetchInterval: 2_000 });

  return (
    <Card title="Latest telemetry">
      <QueryView
        query={latest}
        isEmpty={(d) => Object.keys(d).length === 0}
        empty={
          <EmptyState title="No telemetry yet">Send a value with the command under “Connect this device”.</EmptyState>
        }
      >
        {(points) => (
          <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3" data-testid="latest-telemetry">
            {Object.entries(points).map(([key, point]) => (
              <div key={key} className="rounded-md bg-slate-50 p-3 ring-1 ring-slate-200">
                <dt className="truncate font-mono text-xs text-slate-500">{key}</dt>
                <dd className="mt-1 text-xl font-semibold text-slate-900" data-testid={`telemetry-${key}`}>
                  {formatValue(point.value)}
                </dd>
                <dd className="text-xs text-slate-400" title={new Date(point.ts).toISOString()}>
                  {formatRelativeTime(point.ts)}
                </dd>
              </div>
            ))}
          </dl>
        )}
      </QueryView>
    </Card>
  );
}
