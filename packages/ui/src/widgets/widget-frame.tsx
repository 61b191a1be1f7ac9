"use client";
import type { ReactNode } from "react";
import type { EntityData } from "@industryos/realtime/client";
import { toCsv } from "./csv.ts";

function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: "text/csv" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}

/** Title bar (with CSV export of the widget's data) and a body that fills the grid cell. */
export function WidgetFrame(props: {
  title: string;
  data?: EntityData;
  names?: Record<string, string>;
  status?: ReactNode;
  children: ReactNode;
}) {
  const { title, data, names, status, children } = props;
  return (
    <div
      className="flex h-full flex-col overflow-hidden rounded-lg bg-white shadow-sm ring-1 ring-slate-200"
      data-widget-title={title}
    >
      <header className="widget-drag-handle flex items-center justify-between gap-2 border-b border-slate-100 px-3 py-1.5">
        <h3 className="truncate text-sm font-medium text-slate-700">{title}</h3>
        <div className="flex items-center gap-2 text-xs text-slate-400">
          {status}
          {data && (
            <button
              type="button"
              className="rounded px-1.5 py-0.5 hover:bg-slate-100 hover:text-slate-700"
              title="Download this widget's data as CSV"
              onClick={() => download(`${title || "widget"}.csv`, toCsv(data, names))}
            >
              CSV
            </button>
          )}
        </div>
      </header>
      <div className="min-h-0 flex-1 p-3">{children}</div>
    </div>
  );
}

/** The line under a widget's title: errors, loading, and "merged" hints. */
export function LiveStatus({ loading, error, merged }: { loading: boolean; error: string | null; merged: number }) {
  if (error)
    return (
      <span className="text-red-600" title={error}>
        error
      </span>
    );
  if (loading) return <span>loading…</span>;
  if (merged > 0) return <span title={`${merged} fast updates were merged so the page keeps up`}>merged {merged}</span>;
  return null;
}

export function entityNames(entities: Array<{ id: string; name: string }>): Record<string, string> {
  return Object.fromEntries(entities.map((e) => [e.id, e.name]));
}
