"use client";
import { Button, Dialog, QueryView } from "@industryos/ui";
import { DashboardView, useLiveClient } from "@industryos/ui/dashboard";
import { AlarmsDataProvider, LiveDataProvider, type DashboardConfig, type EntityOptions } from "@industryos/ui/widgets";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useParams } from "next/navigation";
import { useState, type ReactNode } from "react";
import { useSessionUser } from "../console/session-context.tsx";
import { useTRPC } from "../trpc.ts";
import { useDashboardAlarms } from "./dashboard-alarms.ts";
import { SharePanel } from "./share-panel.tsx";

export { DashboardsListPage } from "./dashboards-list-page.tsx";

const FIRST_100 = { page: 1, pageSize: 100 };

/** Devices, profiles and assets for the widget settings form (the first 100 of each). */
function useEntityOptions(enabled: boolean): EntityOptions {
  const trpc = useTRPC();
  const devices = useQuery({ ...trpc.devices.list.queryOptions(FIRST_100), enabled });
  const deviceProfiles = useQuery({ ...trpc.deviceProfiles.list.queryOptions(FIRST_100), enabled });
  const assets = useQuery({ ...trpc.assets.list.queryOptions(FIRST_100), enabled });
  const names = (rows: { id: string; name: string }[] = []) => rows.map(({ id, name }) => ({ id, name }));
  return {
    devices: names(devices.data?.data),
    deviceProfiles: names(deviceProfiles.data?.data),
    assets: names(assets.data?.data),
  };
}

/** The dashboard's alarms widgets get the active alarms of its devices, with Ack and Clear. */
function DashboardAlarms({ config, children }: { config: DashboardConfig; children: ReactNode }) {
  return <AlarmsDataProvider value={useDashboardAlarms(config)}>{children}</AlarmsDataProvider>;
}

/** /dashboards/{id}: the live dashboard, with edit and sharing for tenant admins (read-only for customer users). */
export function DashboardDetailPage() {
  const user = useSessionUser();
  const readOnly = user.role === "CUSTOMER_USER";
  const { id } = useParams<{ id: string }>();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // DashboardView keeps an edit in progress when the dashboard is loaded again meanwhile.
  const dashboard = useQuery(trpc.dashboards.get.queryOptions({ id }));
  const options = useEntityOptions(!readOnly);
  const save = useMutation(
    trpc.dashboards.update.mutationOptions({
      onSuccess: (saved) => queryClient.setQueryData(trpc.dashboards.get.queryKey({ id }), saved),
    }),
  );
  const rpc = useMutation(trpc.rpc.send.mutationOptions());
  const [sharing, setSharing] = useState(false);
  const { client, status } = useLiveClient();
  return (
    <QueryView query={dashboard} loadingLabel="Loading dashboard…">
      {(d) => (
        <LiveDataProvider client={client}>
          <DashboardAlarms config={d.configuration}>
            <DashboardView
              title={d.title}
              config={d.configuration}
              status={status}
              actions={
                readOnly ? undefined : (
                  <Button variant="secondary" onClick={() => setSharing(true)}>
                    Share
                  </Button>
                )
              }
              options={options}
              onRpc={(deviceId, method, params) =>
                rpc.mutateAsync({ id: deviceId, body: { method, params, timeoutMs: 10_000 } })
              }
              onSave={
                readOnly
                  ? undefined
                  : async (configuration) => {
                      await save.mutateAsync({ id, body: { configuration } });
                    }
              }
            />
          </DashboardAlarms>
          <Dialog open={sharing} title="Share dashboard" onClose={() => setSharing(false)}>
            <SharePanel dashboard={d} />
          </Dialog>
        </LiveDataProvider>
      )}
    </QueryView>
  );
}

/** /public/dashboards/{publicId}: no sign-in, read-only; the link itself authenticates the WebSocket. */
export function PublicDashboardPage() {
  const { publicId } = useParams<{ publicId: string }>();
  const trpc = useTRPC();
  const dashboard = useQuery(trpc.dashboards.getPublic.queryOptions({ publicId }));
  const { client, status } = useLiveClient({ publicId });
  if (dashboard.error?.data?.code === "NOT_FOUND") {
    return <p className="p-8 text-sm text-slate-600">This link is not valid (it may have been revoked).</p>;
  }
  return (
    <div className="p-4">
      <QueryView query={dashboard}>
        {(d) => (
          <LiveDataProvider client={client}>
            <DashboardView title={d.title} config={d.configuration} status={status} />
          </LiveDataProvider>
        )}
      </QueryView>
    </div>
  );
}
