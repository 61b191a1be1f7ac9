"use client";
import type { RouterOutputs } from "@industryos/api/router";
import { Card, EmptyState, QueryView, formatDateTime, formatNumber } from "@industryos/ui";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { useTRPC } from "../trpc.ts";

const WINDOWS = { "15m": 15 * 60_000, "1h": 3600_000, "24h": 86_400_000 } as const;
const timeOfDay = new Intl.DateTimeFormat("en-US", { hour: "2-digit", minute: "2-digit" });

type Series = RouterOutputs["telemetry"]["history"];

// One key is asked for, so the answer's only series is that key's. Not picked by name: the
// previous key's answer, shown while the next one loads, has to select as itself.
const numericPoints = (series: Series) =>
  Object.values(series)
    .flat()
    .filter((p): p is { ts: number; value: number } => typeof p.value === "number");

/** The recent history of one numeric key, refreshed every five seconds. */
export function TelemetryChartCard({ deviceId }: { deviceId: string }) {
  const trpc = useTRPC();
  const keys = useQuery({ ...trpc.telemetry.keys.queryOptions({ id: deviceId }), refetchInterval: 10_000 });
  const [chosenKey, setChosenKey] = useState<string>();
  const [window, setWindow] = useState<keyof typeof WINDOWS>("1h");
  const key = chosenKey ?? keys.data?.[0];
  const [now, setNow] = useState(() => Date.now());
  // A new key or window is a new query; the card keeps the previous chart (dimmed) until its
  // answer rather than shrinking to a spinner. An empty previous answer is not kept: it would
  // say the new key or window has no values before that is known.
  const history = useQuery(
    trpc.telemetry.history.queryOptions(
      {
        id: deviceId,
        keys: key ?? "-",
        from: now - WINDOWS[window],
        to: now + 60_000,
        limit: 1000,
        order: "asc",
        agg: "NONE",
      },
      {
        enabled: Boolean(key),
        refetchInterval: 5_000,
        placeholderData: (previous) => (previous && numericPoints(previous).length > 0 ? previous : undefined),
        select: numericPoints,
      },
    ),
  );

  return (
    <Card
      title="History"
      actions={
        keys.data && keys.data.length > 0 ? (
          <>
            <select
              aria-label="Telemetry key"
              value={key}
              onChange={(e) => setChosenKey(e.target.value)}
              className="rounded-md border-0 py-1 text-xs ring-1 ring-slate-300"
            >
              {keys.data.map((k) => (
                <option key={k}>{k}</option>
              ))}
            </select>
            <select
              aria-label="Time window"
              value={window}
              onChange={(e) => {
                setWindow(e.target.value as keyof typeof WINDOWS);
                setNow(Date.now());
              }}
              className="rounded-md border-0 py-1 text-xs ring-1 ring-slate-300"
            >
              <option value="15m">15 minutes</option>
              <option value="1h">1 hour</option>
              <option value="24h">24 hours</option>
            </select>
          </>
        ) : null
      }
    >
      <QueryView query={keys} isEmpty={() => !key} empty={<EmptyState title="Nothing to chart yet" />}>
        {() => (
          <QueryView
            query={history}
            loadingLabel={`Loading ${key}…`}
            isEmpty={(values) => values.length === 0}
            empty={<EmptyState title={`No numeric values of ${key} in this window`} />}
          >
            {(values) => (
              <div className="relative h-56" data-testid="telemetry-chart">
                {history.isPlaceholderData && (
                  <div
                    role="status"
                    className="absolute right-2 top-0 z-10 flex items-center gap-2 rounded bg-white/80 px-2 py-1 text-xs text-slate-500"
                  >
                    <span className="size-3 animate-spin rounded-full border-2 border-brand-500 border-t-transparent" />
                    {`Loading ${key}…`}
                  </div>
                )}
                <div className={history.isPlaceholderData ? "h-full opacity-40 transition-opacity" : "h-full"}>
                  <ResponsiveContainer width="100%" height="100%">
                    <LineChart data={values} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
                      <CartesianGrid stroke="#e2e8f0" strokeDasharray="3 3" />
                      <XAxis
                        dataKey="ts"
                        type="number"
                        domain={["dataMin", "dataMax"]}
                        tickFormatter={(ts: number) => timeOfDay.format(ts)}
                        fontSize={11}
                        stroke="#94a3b8"
                      />
                      <YAxis fontSize={11} stroke="#94a3b8" width={48} tickFormatter={(v: number) => formatNumber(v)} />
                      <Tooltip
                        labelFormatter={(ts) => formatDateTime(Number(ts))}
                        formatter={(v) => [formatNumber(Number(v)), key]}
                      />
                      <Line
                        type="monotone"
                        dataKey="value"
                        stroke="#2f7df6"
                        strokeWidth={2}
                        dot={values.length < 50}
                        isAnimationActive={false}
                      />
                    </LineChart>
                  </ResponsiveContainer>
                </div>
              </div>
            )}
          </QueryView>
        )}
      </QueryView>
    </Card>
  );
}
