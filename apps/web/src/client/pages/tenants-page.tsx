"use client";
import { DataTable, EmptyState, PageHeader, QueryView, formatDateTime, formatNumber } from "@industryos/ui";
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

  const limitInput = (id: string, field: "maxDevices" | "maxUsers", value: number | null | undefined) => (
    <input
      type="number"
      min={0}
      aria-label={field === "maxDevices" ? "Device limit" : "User limit"}
      defaultValue={value ?? ""}
      placeholder="unlimited"
      className="w-28 rounded-md border-0 px-2 py-1 text-sm ring-1 ring-slate-300"
      onBlur={(e) => {
        const next = e.target.value === "" ? null : Number(e.target.value);
        if (next !== (value ?? null)) update.mutate({ id, body: { limits: { [field]: next } } });
      }}
    />
  );

  return (
    <>
      <PageHeader
        title="Tenants"
        description="Every workspace on this platform. Limits apply when a tenant adds devices or users."
      />
      {update.error && (
        <p role="alert" className="mb-3 text-sm text-red-600">
          {update.error.message}
        </p>
      )}
      <QueryView
        query={tenants}
        isEmpty={(d) => d.total === 0}
        empty={<EmptyState title="No tenants yet">Tenants appear here when someone signs up.</EmptyState>}
      >
        {(list) => (
          <DataTable
            rows={list.data}
            rowKey={(t) => t.id}
            columns={[
              { header: "Tenant", cell: (t) => <span className="font-medium">{t.name}</span> },
              { header: "Contact", cell: (t) => t.email ?? "—" },
              { header: "Devices", cell: (t) => formatNumber(t.deviceCount) },
              { header: "Device limit", cell: (t) => limitInput(t.id, "maxDevices", t.limits.maxDevices) },
              { header: "Users", cell: (t) => formatNumber(t.userCount) },
              { header: "User limit", cell: (t) => limitInput(t.id, "maxUsers", t.limits.maxUsers) },
              { header: "Created", cell: (t) => formatDateTime(t.createdAt) },
            ]}
          />
        )}
      </QueryView>
    </>
  );
}
