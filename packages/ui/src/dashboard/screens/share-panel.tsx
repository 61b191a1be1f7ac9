"use client";
import { useEffect, useState } from "react";
import { Button } from "../../button.tsx";
import { dashboardsApi, type DashboardRecord } from "./dashboards-api.ts";

/** Sharing: customers who see the dashboard read-only, and the public link (make / revoke). */
export function SharePanel({
  dashboard,
  onChange,
}: {
  dashboard: DashboardRecord;
  onChange: (d: Partial<DashboardRecord>) => void;
}) {
  const [customers, setCustomers] = useState<Array<{ id: string; title: string }>>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    dashboardsApi.customers().then(
      (page) => setCustomers(page.data),
      () => setCustomers([]),
    );
  }, []);
  const chosen = new Set(dashboard.customerIds ?? []);
  const publicUrl = dashboard.publicId ? `${location.origin}/public/dashboards/${dashboard.publicId}` : null;
  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="space-y-4 text-sm">
      <section className="space-y-2">
        <h3 className="font-medium text-slate-700">Customers (read-only, their own devices only)</h3>
        {customers.length === 0 && <p className="text-slate-500">No customers yet.</p>}
        {customers.map((c) => (
          <label key={c.id} className="flex items-center gap-2">
            <input
              type="checkbox"
              checked={chosen.has(c.id)}
              disabled={busy}
              onChange={(e) =>
                void run(async () => {
                  const next = e.target.checked ? [...chosen, c.id] : [...chosen].filter((id) => id !== c.id);
                  const saved = await dashboardsApi.assignCustomers(dashboard.id, next);
                  onChange({ customerIds: saved.customerIds ?? next });
                })
              }
            />
            {c.title}
          </label>
        ))}
      </section>
      <section className="space-y-2">
        <h3 className="font-medium text-slate-700">
          Public link (no sign-in; shows only this dashboard&apos;s devices)
        </h3>
        {publicUrl ? (
          <>
            <input
              readOnly
              aria-label="Public link"
              className="w-full rounded px-2 py-1 font-mono text-xs ring-1 ring-slate-300"
              value={publicUrl}
              onFocus={(e) => e.target.select()}
            />
            <Button
              variant="danger"
              busy={busy}
              onClick={() => void run(async () => onChange(await dashboardsApi.setPublic(dashboard.id, false)))}
            >
              Revoke link
            </Button>
          </>
        ) : (
          <Button
            variant="secondary"
            busy={busy}
            onClick={() => void run(async () => onChange(await dashboardsApi.setPublic(dashboard.id, true)))}
          >
            Make public
          </Button>
        )}
      </section>
      {error && <p className="text-red-600">{error}</p>}
    </div>
  );
}
