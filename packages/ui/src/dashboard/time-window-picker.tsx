"use client";
import { REALTIME_PRESETS } from "../widgets/time-window.ts";
import type { DashboardTimeWindow } from "../widgets/widget-config.ts";

const toLocalInput = (ms: number) =>
  new Date(ms - new Date(ms).getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
const fromLocalInput = (text: string) => new Date(text).getTime();

/** Dashboard-wide time window: a real-time "last N" preset, or a fixed range. */
export function TimeWindowPicker({
  value,
  onChange,
}: {
  value: DashboardTimeWindow;
  onChange: (w: DashboardTimeWindow) => void;
}) {
  const select = value.type === "realtime" ? String(value.lastMs) : "fixed";
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm">
      <select
        aria-label="Time window"
        className="rounded-md px-2 py-1 ring-1 ring-inset ring-slate-300"
        value={select}
        onChange={(e) => {
          if (e.target.value === "fixed") {
            const to = Date.now();
            onChange({ type: "fixed", from: to - 86_400_000, to });
          } else onChange({ type: "realtime", lastMs: Number(e.target.value) });
        }}
      >
        {REALTIME_PRESETS.map((p) => (
          <option key={p.lastMs} value={p.lastMs}>
            {p.label}
          </option>
        ))}
        <option value="fixed">Fixed range…</option>
      </select>
      {value.type === "fixed" && (
        <>
          <input
            aria-label="From"
            type="datetime-local"
            className="rounded-md px-2 py-1 ring-1 ring-inset ring-slate-300"
            value={toLocalInput(value.from)}
            onChange={(e) => onChange({ ...value, from: fromLocalInput(e.target.value) })}
          />
          <span className="text-slate-400">to</span>
          <input
            aria-label="To"
            type="datetime-local"
            className="rounded-md px-2 py-1 ring-1 ring-inset ring-slate-300"
            value={toLocalInput(value.to)}
            onChange={(e) => onChange({ ...value, to: fromLocalInput(e.target.value) })}
          />
        </>
      )}
    </div>
  );
}
