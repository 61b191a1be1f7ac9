"use client";
import { useCallback, useEffect, useState } from "react";
import { DashboardList, type DashboardSummary } from "../dashboard-list.tsx";
import { dashboardsApi } from "./dashboards-api.ts";

/** The /dashboards page: the tenant's dashboards (or a customer user's shared ones, read-only). */
export function DashboardsScreen({
  readOnly,
  openPath = (id: string) => `/dashboards/${id}`,
}: {
  readOnly?: boolean;
  openPath?: (id: string) => string;
}) {
  const [rows, setRows] = useState<DashboardSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(async () => {
    try {
      const page = await dashboardsApi.list();
      setRows(
        page.data.map((d) => ({
          id: d.id,
          title: d.title,
          updatedAt: d.updatedAt,
          publicUrl: d.publicId ? `/public/dashboards/${d.publicId}` : null,
        })),
      );
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }, []);
  useEffect(() => void reload(), [reload]);
  if (error) return <p className="text-sm text-red-600">{error}</p>;
  if (!rows) return <p className="text-sm text-slate-500">Loading dashboards…</p>;
  const after = (work: () => Promise<unknown>) => async () => {
    await work();
    await reload();
  };
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold tracking-tight text-slate-900">Dashboards</h1>
      <DashboardList
        dashboards={rows}
        readOnly={readOnly}
        actions={{
          onOpen: (id) => location.assign(openPath(id)),
          onCreate: async (title) => {
            const created = await dashboardsApi.create(title);
            location.assign(openPath(created.id));
          },
          onRename: (id, title) => after(() => dashboardsApi.rename(id, title))(),
          onDelete: (id) => after(() => dashboardsApi.remove(id))(),
          onDuplicate: (id) => after(() => dashboardsApi.duplicate(id))(),
          onExport: (id) => dashboardsApi.export(id),
          onImport: (json) => after(() => dashboardsApi.import(json))(),
        }}
      />
    </div>
  );
}
