"use client";
import { useEffect, useState } from "react";
import { Button } from "../../button.tsx";
import { Dialog } from "../../dialog.tsx";
import { LiveDataProvider } from "../../widgets/live-context.tsx";
import type { EntityOptions } from "../../widgets/settings-form.tsx";
import { DashboardView } from "../dashboard-view.tsx";
import { dashboardsApi, type DashboardRecord } from "./dashboards-api.ts";
import { SharePanel } from "./share-panel.tsx";
import { useLiveClient } from "./use-live-client.ts";

/** The /dashboards/{id} page: live view, edit mode and sharing (read-only for customer users). */
export function DashboardScreen({ id, readOnly }: { id: string; readOnly?: boolean }) {
  const [dashboard, setDashboard] = useState<DashboardRecord | null>(null);
  const [options, setOptions] = useState<EntityOptions>({ devices: [], deviceProfiles: [], assets: [] });
  const [error, setError] = useState<string | null>(null);
  const [sharing, setSharing] = useState(false);
  const { client, status } = useLiveClient();
  useEffect(() => {
    // An answer for an effect that has been cleaned up (another id; React's development double
    // run) is dropped: arriving late, it replaced the dashboard while someone was editing it.
    let current = true;
    dashboardsApi.get(id).then(
      (d) => current && setDashboard(d),
      (e: unknown) => current && setError(e instanceof Error ? e.message : String(e)),
    );
    if (!readOnly) void dashboardsApi.entityOptions().then((o) => current && setOptions(o));
    return () => {
      current = false;
    };
  }, [id, readOnly]);
  if (error) return <p className="text-sm text-red-600">{error}</p>;
  if (!dashboard) return <p className="text-sm text-slate-500">Loading dashboard…</p>;
  return (
    <LiveDataProvider client={client}>
      <DashboardView
        title={dashboard.title}
        config={dashboard.configuration}
        status={status}
        actions={
          readOnly ? undefined : (
            <Button variant="secondary" onClick={() => setSharing(true)}>
              Share
            </Button>
          )
        }
        options={options}
        onRpc={(deviceId, method, params) => dashboardsApi.rpc(deviceId, method, params)}
        onSave={
          readOnly ? undefined : async (configuration) => setDashboard(await dashboardsApi.save(id, configuration))
        }
      />
      <Dialog open={sharing} title="Share dashboard" onClose={() => setSharing(false)}>
        <SharePanel dashboard={dashboard} onChange={(patch) => setDashboard({ ...dashboard, ...patch })} />
      </Dialog>
    </LiveDataProvider>
  );
}

/** The /public/dashboards/{publicId} page: no sign-in, read-only, only what the dashboard shows. */
export function PublicDashboardScreen({ publicId }: { publicId: string }) {
  const [dashboard, setDashboard] = useState<{ title: string; configuration: DashboardRecord["configuration"] } | null>(
    null,
  );
  const [error, setError] = useState<string | null>(null);
  const { client, status } = useLiveClient({ publicId });
  useEffect(() => {
    let current = true;
    dashboardsApi.getPublic(publicId).then(
      (d) => current && setDashboard(d),
      () => current && setError("This link is not valid (it may have been revoked)."),
    );
    return () => {
      current = false;
    };
  }, [publicId]);
  if (error) return <p className="p-8 text-sm text-slate-600">{error}</p>;
  if (!dashboard) return <p className="p-8 text-sm text-slate-500">Loading…</p>;
  return (
    <LiveDataProvider client={client}>
      <div className="p-4">
        <DashboardView title={dashboard.title} config={dashboard.configuration} status={status} />
      </div>
    </LiveDataProvider>
  );
}
