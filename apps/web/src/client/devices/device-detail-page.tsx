"use client";
import { Badge, QueryView, formatDateTime, formatRelativeTime } from "@industryos/ui";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useParams } from "next/navigation";
import { DeviceAlarmsSummary } from "../alarms/device-alarms.tsx";
import { useSessionUser } from "../console/session-context.tsx";
import { useTRPC } from "../trpc.ts";
import { AttributesCard } from "../entities/attributes-card.tsx";
import { AuditTrailCard } from "../entities/audit-trail-card.tsx";
import { EntityNotFound } from "../entities/entity-not-found.tsx";
import { RelationsCard } from "../entities/relations-card.tsx";
import { ConnectCard } from "./connect-card.tsx";
import { DeleteDeviceButton } from "./delete-device-button.tsx";
import { DetailsCard } from "./details-card.tsx";
import { DeviceFirmwareCard } from "../ota/device-firmware-card.tsx";
import { LatestTelemetryCard } from "./latest-telemetry-card.tsx";
import { RpcCard } from "./rpc-card.tsx";
import { Lwm2mCard } from "./lwm2m-card.tsx";
import { TelemetryChartCard } from "./telemetry-chart-card.tsx";

export function DeviceDetailPage() {
  const { id } = useParams<{ id: string }>();
  const trpc = useTRPC();
  const user = useSessionUser();
  const device = useQuery({ ...trpc.devices.get.queryOptions({ id }), refetchInterval: 10_000 });

  // A missing device is not retried: it stays missing. Any other error is QueryView's, with its
  // "Try again" shown in flight; a failed refresh keeps the page under the error.
  if (device.error?.data?.code === "NOT_FOUND") {
    return <EntityNotFound noun="device" listHref="/devices" listLabel="All devices" />;
  }
  const isAdmin = user.role === "TENANT_ADMIN";

  return (
    <QueryView query={device} loadingLabel="Loading device…">
      {(d) => (
        <div className="space-y-6">
          <div>
            <Link href="/devices" className="text-sm text-slate-500 hover:text-slate-700">
              ← All devices
            </Link>
            <div className="mt-2 flex flex-wrap items-center justify-between gap-4">
              <div>
                <h1 className="flex items-center gap-3 text-2xl font-semibold tracking-tight" data-testid="device-name">
                  {d.name} {d.active ? <Badge tone="green">active</Badge> : <Badge>inactive</Badge>}
                  {d.gateway && <Badge tone="blue">gateway</Badge>}
                  <DeviceAlarmsSummary deviceId={id} name={d.name} />
                </h1>
                <p className="mt-1 text-sm text-slate-500">
                  {d.label ? `${d.label} · ` : ""}type <b>{d.type}</b> · profile <b>{d.profileName}</b>
                  {d.customerTitle ? (
                    <>
                      {" "}
                      · customer <b>{d.customerTitle}</b>
                    </>
                  ) : null}{" "}
                  · last activity {formatRelativeTime(d.lastActivityAt)} · created {formatDateTime(d.createdAt)}
                </p>
              </div>
              {isAdmin && <DeleteDeviceButton device={d} />}
            </div>
          </div>
          <div className="grid grid-cols-1 gap-6 xl:grid-cols-2">
            <LatestTelemetryCard deviceId={id} />
            {isAdmin ? <ConnectCard deviceId={id} /> : <TelemetryChartCard deviceId={id} />}
            {isAdmin && <TelemetryChartCard deviceId={id} />}
            <AttributesCard owner={{ entityType: "devices", id }} canEdit={isAdmin} />
            <RpcCard deviceId={id} />
            <Lwm2mCard deviceId={id} canOperate={isAdmin} />
            {isAdmin && <DetailsCard device={d} />}
            <DeviceFirmwareCard deviceId={id} canEdit={isAdmin} />
            {isAdmin && <RelationsCard entity={{ type: "DEVICE", id }} noun="device" relateTo="parent" />}
            {isAdmin && <AuditTrailCard entityId={id} />}
          </div>
        </div>
      )}
    </QueryView>
  );
}
