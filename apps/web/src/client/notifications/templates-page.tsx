"use client";
import { Badge, Button, ConfirmDialog, EmptyState, ListPage, formatDateTime } from "@industryos/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "../trpc.ts";
import { NotificationTabs } from "./notification-tabs.tsx";
import { CHANNEL_LABELS } from "./status-badges.tsx";
import { NOTIFICATION_TYPES, TemplateEditor, type Template } from "./template-editor.tsx";

/** /notifications/templates: the texts notifications are written from, edited beside their preview. */
export function TemplatesPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const templates = useQuery(trpc.notificationTemplates.list.queryOptions({ page: 1, pageSize: 100 }));
  const [editing, setEditing] = useState<Template | "new" | null>(null);
  const [deleting, setDeleting] = useState<Template | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.notificationTemplates.pathKey() });
  const remove = useMutation(
    trpc.notificationTemplates.delete.mutationOptions({
      onSuccess: () => {
        setDeleting(null);
        void refresh();
      },
    }),
  );
  const kind = (t: Template) =>
    NOTIFICATION_TYPES.find((k) => k.value === t.notificationType)?.label ?? t.notificationType;
  const channels = (t: Template) =>
    Object.keys(t.channels)
      .map((c) => CHANNEL_LABELS[c] ?? c)
      .join(", ");

  return (
    <>
      <NotificationTabs />
      <ListPage
        title="Notification templates"
        description="What a notification says on each channel; ${placeholders} are filled from the event."
        actions={editing === null && <Button onClick={() => setEditing("new")}>New template</Button>}
        // The editor opens under the header, above the list.
        notice={
          editing !== null && (
            <TemplateEditor
              key={editing === "new" ? "new" : editing.id}
              template={editing === "new" ? null : editing}
              onDone={() => {
                setEditing(null);
                void refresh();
              }}
              onCancel={() => setEditing(null)}
            />
          )
        }
        query={templates}
        empty={
          <EmptyState
            title="No templates yet"
            action={<Button onClick={() => setEditing("new")}>Write your first template</Button>}
          >
            A template holds the subject and text per channel, e.g. {"“${alarmType} on ${deviceName}”"}.
          </EmptyState>
        }
        rowKey={(t) => t.id}
        onRowClick={(t) => setEditing(t)}
        columns={[
          { header: "Name", cell: (t) => <span className="font-medium">{t.name}</span> },
          { header: "Written for", cell: (t) => <Badge>{kind(t)}</Badge> },
          { header: "Channels", cell: channels },
          { header: "Changed", cell: (t) => formatDateTime(t.updatedAt), className: "whitespace-nowrap" },
          {
            header: "",
            cell: (t) => (
              <button
                type="button"
                className="text-xs text-red-600 hover:underline"
                onClick={(e) => {
                  e.stopPropagation();
                  remove.reset();
                  setDeleting(t);
                }}
              >
                Delete
              </button>
            ),
          },
        ]}
        card={(t) => (
          <button
            type="button"
            onClick={() => setEditing(t)}
            className="w-full rounded-lg bg-white p-3 text-left shadow-sm ring-1 ring-slate-200"
          >
            <p className="font-medium">{t.name}</p>
            <p className="text-xs text-slate-500">
              {kind(t)} · {channels(t)}
            </p>
          </button>
        )}
      >
        <ConfirmDialog
          open={deleting !== null}
          title={`Delete “${deleting?.name}”?`}
          confirmLabel="Delete"
          busy={remove.isPending}
          error={remove.error}
          onConfirm={() => deleting && remove.mutate({ id: deleting.id })}
          onClose={() => setDeleting(null)}
        >
          Notifications already sent keep their deliveries. A rule or escalation that sends with it must move to another
          template first.
        </ConfirmDialog>
      </ListPage>
    </>
  );
}
