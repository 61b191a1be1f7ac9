"use client";
import type { RouterOutputs } from "@industryos/api/router";
import { Button, CopyBox } from "@industryos/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "../trpc.ts";

type Dashboard = RouterOutputs["dashboards"]["get"];

/** Sharing: customers who see the dashboard read-only, and the public link (make / revoke). */
export function SharePanel({ dashboard }: { dashboard: Dashboard }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const customers = useQuery(trpc.customers.list.queryOptions({ page: 1, pageSize: 100 }));
  // The page shows the dashboard from the query cache: each change lands there.
  const patch = (change: Partial<Dashboard>) =>
    queryClient.setQueryData(trpc.dashboards.get.queryKey({ id: dashboard.id }), (d) => d && { ...d, ...change });
  const assign = useMutation(
    trpc.dashboards.assignCustomers.mutationOptions({
      onSuccess: (saved, { body }) => patch({ customerIds: saved.customerIds ?? body.customerIds }),
    }),
  );
  const setPublic = useMutation(trpc.dashboards.setPublic.mutationOptions({ onSuccess: (saved) => patch(saved) }));
  const busy = assign.isPending || setPublic.isPending;
  const error = assign.error ?? setPublic.error;
  const chosen = new Set(dashboard.customerIds ?? []);
  const publicUrl = dashboard.publicId ? `${location.origin}/public/dashboards/${dashboard.publicId}` : null;
  return (
    <div className="space-y-4 text-sm">
      <section className="space-y-2">
        <h3 className="font-medium text-slate-700">Customers (read-only, their own devices only)</h3>
        {customers.data?.total === 0 && <p className="text-slate-500">No customers yet.</p>}
        {customers.data?.data.map((c) => (
          <label key={c.id} className="flex items-center gap-2">
            <input
              type="checkbox"
              checked={chosen.has(c.id)}
              disabled={busy}
              onChange={(e) =>
                assign.mutate({
                  id: dashboard.id,
                  body: {
                    customerIds: e.target.checked ? [...chosen, c.id] : [...chosen].filter((id) => id !== c.id),
                  },
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
            <CopyBox label="Public link" value={publicUrl} testId="public-link" />
            <Button
              variant="danger"
              busy={busy}
              onClick={() => setPublic.mutate({ id: dashboard.id, body: { enabled: false } })}
            >
              Revoke link
            </Button>
          </>
        ) : (
          <Button
            variant="secondary"
            busy={busy}
            onClick={() => setPublic.mutate({ id: dashboard.id, body: { enabled: true } })}
          >
            Make public
          </Button>
        )}
      </section>
      {error && <p className="text-red-600">{error.message}</p>}
    </div>
  );
}
