"use client";
import { EmptyState, ListNotice, ListPage, formatDateTime, formatNumber } from "@industryos/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../trpc.ts";

/** For system administrators: every tenant, its usage and its limits (blank = unlimited). */
export function TenantsPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const tenants = useQuery(trpc.admin.listTenants.queryOptions({ page: 1, pageSize: 100 }));
  const update = useMutation(
    trpc.admin.updateTenant.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.admin.listTenants.queryKey() }),
    }),
  );

  const labels = { maxDevices: "Device limit", maxUsers: "User limit", maxRetentionDays: "Retention limit (days)" };
  const limitInput = (id: string, field: keyof typeof labels, value: number | null | undefined) => (
    <input
      type="number"
      min={field === "maxRetentionDays" ? 1 : 0}
      aria-label={labels[field]}
      defaultValue={value ?? ""}
      placeholder={field === "maxRetentionDays" ? "platform's" : "unlimited"}
      className="w-28 rounded-md border-0 px-2 py-1 text-sm ring-1 ring-slate-300"
      onBlur={(e) => {
        const next = e.target.value === "" ? null : Number(e.target.value);
        if (next !== (value ?? null)) update.mutate({ id, body: { limits: { [field]: next } } });
      }}
    />
  );

  return (
    <ListPage
      title="Tenants"
      description="Every workspace on this platform. Limits apply when a tenant adds devices or users; the retention limit caps how long a tenant may keep its telemetry (blank: the platform's TELEMETRY_RETENTION_DAYS)."
      notice={<ListNotice error={update.error} />}
      query={tenants}
      empty={<EmptyState title="No tenants yet">Tenants appear here when someone signs up.</EmptyState>}
      rowKey={(t) => t.id}
      columns={[
        { header: "Tenant", cell: (t) => <span className="font-medium">{t.name}</span> },
        { header: "Contact", cell: (t) => t.email ?? "—" },
        { header: "Devices", cell: (t) => formatNumber(t.deviceCount) },
        { header: "Device limit", cell: (t) => limitInput(t.id, "maxDevices", t.limits.maxDevices) },
        { header: "Users", cell: (t) => formatNumber(t.userCount) },
        { header: "User limit", cell: (t) => limitInput(t.id, "maxUsers", t.limits.maxUsers) },
        {
          header: "Retention limit",
          cell: (t) => limitInput(t.id, "maxRetentionDays", t.limits.maxRetentionDays),
        },
        { header: "Created", cell: (t) => formatDateTime(t.createdAt) },
      ]}
    />
  );
}
