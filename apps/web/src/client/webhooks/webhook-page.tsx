"use client";
import { Button, ConfirmDialog, DetailPage, ListNotice, QueryView, formatDateTime } from "@industryos/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useParams } from "next/navigation";
import { useState } from "react";
import { BackLink } from "../back-link.tsx";
import { useTRPC } from "../trpc.ts";
import { useBackToList } from "../use-back-to-list.ts";
import { useDeleteDialog } from "../use-delete-dialog.ts";
import { useMutationDialog } from "../use-mutation-dialog.ts";
import { DeliveryLog } from "./delivery-log.tsx";
import { SecretDialog } from "./secret-dialog.tsx";
import { WebhookFormDialog } from "./webhook-form.tsx";
import { WebhookState } from "./webhooks-page.tsx";
import { answerWording, eventsWording } from "./webhook-wording.ts";

/** /webhooks/{id}: where it goes and what, enable/disable, send a test event, rotate the secret, edit, delete, the delivery log. */
export function WebhookPage() {
  const { id } = useParams<{ id: string }>();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // Read again now and then: the failed deliveries in a row and the state change as deliveries are attempted.
  const webhook = useQuery({ ...trpc.webhooks.get.queryOptions({ id }), refetchInterval: 5_000 });
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.webhooks.get.queryKey({ id }) });
    void queryClient.invalidateQueries({ queryKey: trpc.webhooks.deliveries.queryKey() });
  };
  const [secret, setSecret] = useState<string | null>(null);
  const editing = useMutationDialog((options) => trpc.webhooks.update.mutationOptions(options), refresh);
  // Enable and Disable save through the edit dialog's mutation, with the dialog closed.
  const update = editing.save;
  const ping = useMutation(trpc.webhooks.ping.mutationOptions({ onSettled: refresh }));
  const rotating = useMutationDialog(
    (options) => trpc.webhooks.rotateSecret.mutationOptions(options),
    (w) => setSecret(w.secret),
  );
  const deletion = useDeleteDialog(
    (options) => trpc.webhooks.delete.mutationOptions(options),
    useBackToList(trpc.webhooks.list.queryKey(), "/webhooks"),
  );

  return (
    <QueryView query={webhook} loadingLabel="Loading webhook…">
      {(w) => (
        <DetailPage
          title={w.description || "Webhook"}
          description={<BackLink href="/webhooks">All webhooks</BackLink>}
          actions={
            <>
              <Button busy={ping.isPending} onClick={() => ping.mutate({ id })}>
                Send test event
              </Button>
              <Button
                variant="secondary"
                busy={update.isPending && !editing.dialog.open}
                onClick={() => update.mutate({ id, body: { enabled: !w.enabled } })}
              >
                {w.enabled ? "Disable" : "Enable"}
              </Button>
              <Button variant="secondary" onClick={editing.show}>
                Edit
              </Button>
              <Button variant="secondary" onClick={rotating.show}>
                Rotate secret
              </Button>
              <Button variant="secondary" onClick={() => deletion.ask(w)}>
                Delete
              </Button>
            </>
          }
          notice={
            <>
              <ListNotice error={ping.error ?? (editing.dialog.open ? null : update.error)} />
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
                  Disabled {w.disabledAt ? formatDateTime(w.disabledAt) : ""}: {w.disabledReason}. Fix the receiver,
                  send a test event, then enable it and redeliver what it missed.
                </p>
              )}
            </>
          }
          facts={{
            title: "Webhook",
            labelWidth: "w-36",
            rows: [
              [
                "URL",
                <span key="url" className="break-all">
                  {w.url}
                </span>,
              ],
              ["Events", eventsWording(w.events)],
              ["State", <WebhookState key="state" {...w} />],
              [
                "Failed deliveries in a row",
                `${w.consecutiveFailures} (disabled at 20; a delivery fails once its retries give up)`,
              ],
              ["Created", formatDateTime(w.createdAt)],
            ],
          }}
          main={<DeliveryLog webhookId={id} enabled={w.enabled} />}
        >
          <WebhookFormDialog
            {...editing.dialog}
            title="Edit webhook"
            initial={{ url: w.url, events: w.events as never, description: w.description }}
            submitLabel="Save"
            onSubmit={(values) => update.mutate({ id, body: values })}
          />
          <ConfirmDialog
            {...rotating.dialog}
            title="Rotate the signing secret?"
            confirmLabel="Rotate secret"
            onConfirm={() => rotating.save.mutate({ id })}
          >
            Every delivery from now on, retries included, is signed with the new secret: your receiver must have it
            first, or it will refuse them.
          </ConfirmDialog>
          <SecretDialog secret={secret} title="New signing secret: copy it now" onClose={() => setSecret(null)} />
          <ConfirmDialog {...deletion.dialog} title="Delete this webhook?" confirmLabel="Delete webhook">
            Nothing more is sent to {w.url}, and its delivery log is deleted with it.
          </ConfirmDialog>
        </DetailPage>
      )}
    </QueryView>
  );
}
