"use client";
import { Button, Card, ConfirmDialog, ListNotice, PageHeader, QueryView, formatDateTime } from "@industryos/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useParams, useRouter } from "next/navigation";
import { useState, type ReactNode } from "react";
import { useTRPC } from "../trpc.ts";
import { DeliveryLog } from "./delivery-log.tsx";
import { SecretDialog } from "./secret-dialog.tsx";
import { WebhookFormDialog } from "./webhook-form.tsx";
import { WebhookState } from "./webhooks-page.tsx";
import { answerWording, eventsWording } from "./webhook-wording.ts";

/** /webhooks/{id}: where it goes and what, enable/disable, send a test event, rotate the secret, edit, delete, the delivery log. */
export function WebhookPage() {
  const { id } = useParams<{ id: string }>();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  // Read again now and then: the failures in a row and the state change as deliveries are attempted.
  const webhook = useQuery({ ...trpc.webhooks.get.queryOptions({ id }), refetchInterval: 5_000 });
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.webhooks.get.queryKey({ id }) });
    void queryClient.invalidateQueries({ queryKey: trpc.webhooks.deliveries.queryKey() });
  };
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [rotating, setRotating] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const update = useMutation(
    trpc.webhooks.update.mutationOptions({
      onSuccess: () => {
        setEditing(false);
        refresh();
      },
    }),
  );
  const ping = useMutation(trpc.webhooks.ping.mutationOptions({ onSettled: refresh }));
  const rotate = useMutation(
    trpc.webhooks.rotateSecret.mutationOptions({
      onSuccess: (w) => {
        setRotating(false);
        setSecret(w.secret);
      },
    }),
  );
  const remove = useMutation(
    trpc.webhooks.delete.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries({ queryKey: trpc.webhooks.list.queryKey() });
        router.push("/webhooks");
      },
    }),
  );

  return (
    <QueryView query={webhook} loadingLabel="Loading webhook…">
      {(w) => (
        <>
          <PageHeader
            title={w.description || "Webhook"}
            description={
              <Link href="/webhooks" className="text-brand-700 hover:underline">
                ← All webhooks
              </Link>
            }
            actions={
              <>
                <Button busy={ping.isPending} onClick={() => ping.mutate({ id })}>
                  Send test event
                </Button>
                <Button
                  variant="secondary"
                  busy={update.isPending && !editing}
                  onClick={() => update.mutate({ id, body: { enabled: !w.enabled } })}
                >
                  {w.enabled ? "Disable" : "Enable"}
                </Button>
                <Button variant="secondary" onClick={() => setEditing(true)}>
                  Edit
                </Button>
                <Button variant="secondary" onClick={() => setRotating(true)}>
                  Rotate secret
                </Button>
                <Button variant="secondary" onClick={() => setDeleting(true)}>
                  Delete
                </Button>
              </>
            }
          />
          <div className="mb-3 space-y-2">
            <ListNotice error={ping.error ?? (editing ? null : update.error)} />
            {ping.data && (
              <p
                role="status"
                className={`rounded-md p-3 text-sm ${ping.data.status === "SUCCEEDED" ? "bg-green-50 text-green-800" : "bg-red-50 text-red-800"}`}
              >
                {ping.data.status === "SUCCEEDED" ? "Test event delivered: " : "Test event failed: "}
                {answerWording(ping.data.lastStatusCode, ping.data.lastDurationMs)}
                {ping.data.lastError ? ` — ${ping.data.lastError}` : ""}
              </p>
            )}
            {!w.enabled && w.disabledReason && (
              <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-800">
                Disabled {w.disabledAt ? formatDateTime(w.disabledAt) : ""}: {w.disabledReason}. Fix the receiver, send
                a test event, then enable it and redeliver what it missed.
              </p>
            )}
          </div>
          <div className="grid gap-4 lg:grid-cols-3">
            <Card title="Webhook" className="lg:col-span-1">
              <dl className="space-y-2 text-sm">
                <Detail label="URL">
                  <span className="break-all">{w.url}</span>
                </Detail>
                <Detail label="Events">{eventsWording(w.events)}</Detail>
                <Detail label="State">
                  <WebhookState {...w} />
                </Detail>
                <Detail label="Failures in a row">{w.consecutiveFailures} (disabled at 20)</Detail>
                <Detail label="Created">{formatDateTime(w.createdAt)}</Detail>
              </dl>
            </Card>
            <div className="min-w-0 lg:col-span-2">
              <DeliveryLog webhookId={id} enabled={w.enabled} />
            </div>
          </div>
          <WebhookFormDialog
            open={editing}
            title="Edit webhook"
            initial={{ url: w.url, events: w.events as never, description: w.description }}
            submitLabel="Save"
            busy={update.isPending}
            error={update.error}
            onSubmit={(values) => update.mutate({ id, body: values })}
            onClose={() => {
              setEditing(false);
              update.reset();
            }}
          />
          <ConfirmDialog
            open={rotating}
            title="Rotate the signing secret?"
            confirmLabel="Rotate secret"
            busy={rotate.isPending}
            error={rotate.error}
            onConfirm={() => rotate.mutate({ id })}
            onClose={() => {
              setRotating(false);
              rotate.reset();
            }}
          >
            Every delivery from now on, retries included, is signed with the new secret: your receiver must have it
            first, or it will refuse them.
          </ConfirmDialog>
          <SecretDialog secret={secret} title="New signing secret: copy it now" onClose={() => setSecret(null)} />
          <ConfirmDialog
            open={deleting}
            title="Delete this webhook?"
            confirmLabel="Delete webhook"
            busy={remove.isPending}
            error={remove.error}
            onConfirm={() => remove.mutate({ id })}
            onClose={() => {
              setDeleting(false);
              remove.reset();
            }}
          >
            Nothing more is sent to {w.url}, and its delivery log is deleted with it.
          </ConfirmDialog>
        </>
      )}
    </QueryView>
  );
}

function Detail({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex flex-col sm:flex-row sm:gap-3">
      <dt className="w-36 shrink-0 text-slate-500">{label}</dt>
      <dd className="min-w-0 text-slate-800">{children}</dd>
    </div>
  );
}
