"use client";
import { Card, QueryView, SelectField, formatRelativeTime } from "@industryos/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../trpc.ts";

/** The device's firmware and software: target, running version, last state; admins assign here. */
export function DeviceFirmwareCard({ deviceId, canEdit }: { deviceId: string; canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const ota = useQuery({ ...trpc.otaPackages.device.queryOptions({ id: deviceId }), refetchInterval: 10_000 });
  const packages = useQuery({ ...trpc.otaPackages.list.queryOptions({ page: 1, pageSize: 100 }), enabled: canEdit });
  const assign = useMutation(
    trpc.devices.update.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.otaPackages.device.queryKey({ id: deviceId }) }),
    }),
  );

  return (
    <Card title="Firmware and software">
      <QueryView query={ota} loadingLabel="Loading OTA state…">
        {(o) => (
          <div className="space-y-4 text-sm">
            {([o.firmware, o.software] as const).map((t) => {
              const field = t.type === "FIRMWARE" ? "firmwareId" : "softwareId";
              const options = (packages.data?.data ?? []).filter((p) => p.type === t.type);
              return (
                <div key={t.type} className="space-y-1">
                  <p className="font-medium">{t.type === "FIRMWARE" ? "Firmware" : "Software"}</p>
                  <p className="text-slate-600">
                    Running {t.current.title ? `${t.current.title} ${t.current.version ?? ""}` : "unknown"} · target{" "}
                    {t.target
                      ? `${t.target.title} ${t.target.version} (${t.target.assignedTo === "DEVICE" ? "this device" : "its profile"})`
                      : "none"}
                    {t.state && ` · ${t.state}`} {t.updatedAt && `· ${formatRelativeTime(t.updatedAt)}`}
                  </p>
                  {t.error && <p className="text-red-600">{t.error}</p>}
                  {canEdit && (
                    <SelectField
                      label={`Assign ${t.type === "FIRMWARE" ? "firmware" : "software"}`}
                      value={t.target?.assignedTo === "DEVICE" ? t.target.id : ""}
                      disabled={assign.isPending}
                      onChange={(e) => assign.mutate({ id: deviceId, body: { [field]: e.target.value || null } })}
                      options={[
                        { value: "", label: "The profile's (none of its own)" },
                        ...options.map((p) => ({ value: p.id, label: `${p.title} ${p.version}` })),
                      ]}
                    />
                  )}
                </div>
              );
            })}
            {assign.error && (
              <p role="alert" className="text-red-600">
                {assign.error.message}
              </p>
            )}
          </div>
        )}
      </QueryView>
    </Card>
  );
}
