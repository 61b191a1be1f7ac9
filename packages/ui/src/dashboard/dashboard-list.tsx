"use client";
import { useRef, useState } from "react";
import { Button } from "../button.tsx";
import { formatRelativeTime } from "../format.ts";
import type { DashboardConfig } from "../widgets/widget-config.ts";

export interface DashboardSummary {
  id: string;
  title: string;
  updatedAt: string | number;
  /** Set when the dashboard has a public link. */
  publicUrl?: string | null;
}

export interface DashboardListActions {
  onOpen(id: string): void;
  onCreate(title: string): Promise<void>;
  onRename(id: string, title: string): Promise<void>;
  onDelete(id: string): Promise<void>;
  onDuplicate(id: string): Promise<void>;
  /** The dashboard as JSON for a download (title + configuration). */
  onExport(id: string): Promise<{ title: string; configuration: DashboardConfig }>;
  onImport(json: unknown): Promise<void>;
}

function downloadJson(name: string, value: unknown) {
  const url = URL.createObjectURL(new Blob([JSON.stringify(value, null, 2)], { type: "application/json" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}

/** The dashboards of a tenant: open, create, rename, delete, duplicate, export and import as JSON. */
export function DashboardList({
  dashboards,
  actions,
  readOnly,
}: {
  dashboards: DashboardSummary[];
  actions: DashboardListActions;
  readOnly?: boolean;
}) {
  const [error, setError] = useState<string | null>(null);
  const file = useRef<HTMLInputElement>(null);
  const run = (work: () => Promise<void>) => {
    setError(null);
    work().catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  };
  return (
    <div className="space-y-3">
      {!readOnly && (
        <div className="flex gap-2">
          <Button
            onClick={() =>
              run(async () => {
                const title = prompt("Dashboard title");
                if (title) await actions.onCreate(title);
              })
            }
          >
            New dashboard
          </Button>
          <Button variant="secondary" onClick={() => file.current?.click()}>
            Import JSON
          </Button>
          <input
            ref={file}
            type="file"
            accept="application/json,.json"
            className="hidden"
            onChange={(e) => {
              const chosen = e.target.files?.[0];
              e.target.value = "";
              if (chosen) run(async () => actions.onImport(JSON.parse(await chosen.text())));
            }}
          />
        </div>
      )}
      {error && <p className="text-sm text-red-600">{error}</p>}
      {dashboards.length === 0 ? (
        <p className="text-sm text-slate-500">No dashboards yet.</p>
      ) : (
        <ul className="divide-y divide-slate-100 rounded-lg bg-white ring-1 ring-slate-200">
          {dashboards.map((d) => (
            <li key={d.id} className="flex flex-wrap items-center justify-between gap-2 px-4 py-2">
              <button
                type="button"
                className="text-left font-medium text-slate-800 hover:text-blue-700"
                onClick={() => actions.onOpen(d.id)}
              >
                {d.title}
                <span className="ml-2 text-xs font-normal text-slate-400">
                  edited {formatRelativeTime(d.updatedAt)}
                </span>
                {d.publicUrl && <span className="ml-2 rounded bg-green-50 px-1.5 text-xs text-green-700">public</span>}
              </button>
              {!readOnly && (
                <div className="flex gap-1">
                  <Button
                    variant="ghost"
                    onClick={() =>
                      run(async () => {
                        const title = prompt("New title", d.title);
                        if (title) await actions.onRename(d.id, title);
                      })
                    }
                  >
                    Rename
                  </Button>
                  <Button variant="ghost" onClick={() => run(() => actions.onDuplicate(d.id))}>
                    Duplicate
                  </Button>
                  <Button
                    variant="ghost"
                    onClick={() => run(async () => downloadJson(`${d.title}.json`, await actions.onExport(d.id)))}
                  >
                    Export
                  </Button>
                  <Button
                    variant="ghost"
                    onClick={() =>
                      run(async () => {
                        if (confirm(`Delete “${d.title}”?`)) await actions.onDelete(d.id);
                      })
                    }
                  >
                    Delete
                  </Button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
