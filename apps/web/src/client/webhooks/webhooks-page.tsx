"use client";
import { Badge, Button, EmptyState, ListPage, formatDateTime } from "@industryos/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "../trpc.ts";
import { SecretDialog } from "./secret-dialog.tsx";
import { WebhookFormDialog } from "./webhook-form.tsx";
import { eventsWording } from "./webhook-wording.ts";

/** The state badge of a webhook: sending, disabled by someone, or disabled after its failures. */
export function WebhookState({ enabled, disabledReason }: { enabled: boolean; disabledReason: string | null }) {
  if (enabled) return <Badge tone="green">enabled</Badge>;
  return disabledReason ? <Badge tone="red">disabled after failures</Badge> : <Badge>disabled</Badge>;
}

/** /webhooks: the tenant's integrator webhooks, and a dialog to create one (its secret then shown once). */
export function WebhooksPage() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [page, setPage] = useState(1);
  const webhooks = useQuery(trpc.webhooks.list.queryOptions({ page, pageSize: 20 }));
  const [open, setOpen] = useState(false);
  const [created, setCreated] = useState<{ id: string; secret: string } | null>(null);
  const create = useMutation(
    trpc.webhooks.create.mutationOptions({
      onSuccess: (w) => {
        setOpen(false);
        setCreated({ id: w.id, secret: w.secret });
        void queryClient.invalidateQueries({ queryKey: trpc.webhooks.list.queryKey() });
      },
    }),
  );
  const close = () => {
    setOpen(false);
    create.reset();
  };
  const newButton = <Button onClick={() => setOpen(true)}>New webhook</Button>;

  return (
    <ListPage
      title="Webhooks"
      description="Telemetry, device, alarm and RPC events POSTed to your systems as they happen, signed, retried for a day."
      actions={newButton}
      query={webhooks}
      empty={
        <EmptyState title="No webhooks" action={newButton}>
          Give a URL and the events it should get; each delivery is signed with a secret only you and the platform know.
        </EmptyState>
      }
      rowKey={(w) => w.id}
      onRowClick={(w) => router.push(`/webhooks/${w.id}`)}
      paging={{ page, pageSize: 20, onPage: setPage }}
      columns={[
        {
          header: "URL",
          cell: (w) => (
            <span className="block max-w-md">
              <span className="block truncate font-medium">{w.url}</span>
              {w.description && <span className="block text-xs text-slate-500">{w.description}</span>}
            </span>
          ),
        },
        { header: "Events", cell: (w) => eventsWording(w.events) },
        { header: "State", cell: (w) => <WebhookState {...w} /> },
        { header: "Failed deliveries in a row", cell: (w) => w.consecutiveFailures },
        { header: "Created", cell: (w) => formatDateTime(w.createdAt) },
      ]}
      card={(w) => (
        <button
          type="button"
          onClick={() => router.push(`/webhooks/${w.id}`)}
          className="w-full rounded-lg bg-white p-3 text-left text-sm shadow-sm ring-1 ring-slate-200"
        >
          <span className="flex items-center justify-between gap-2">
            <span className="min-w-0 truncate font-medium">{w.url}</span>
            <WebhookState {...w} />
          </span>
          <span className="block text-slate-600">{eventsWording(w.events)}</span>
        </button>
      )}
    >
      <WebhookFormDialog
        open={open}
        title="New webhook"
        initial={{ url: "", events: ["*"], description: null }}
        submitLabel="Create webhook"
        busy={create.isPending}
        error={create.error}
        onSubmit={(values) => create.mutate({ body: { ...values, description: values.description ?? undefined } })}
        onClose={close}
      />
      <SecretDialog
        secret={created?.secret ?? null}
        title="Webhook created: copy its secret now"
        onClose={() => {
          const id = created?.id;
          setCreated(null);
          if (id) router.push(`/webhooks/${id}`);
        }}
      />
    </ListPage>
  );
}
