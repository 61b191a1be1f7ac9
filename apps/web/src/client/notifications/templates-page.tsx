"use client";
import {
  Badge,
  Button,
  ConfirmDialog,
  EmptyState,
  ListPage,
  RowCardButton,
  RowDeleteButton,
  formatDateTime,
} from "@industryos/ui";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../trpc.ts";
import { useDeleteDialog } from "../use-delete-dialog.ts";
import { useEditableList } from "../use-editable-list.ts";
import { NotificationTabs } from "./notification-tabs.tsx";
import { CHANNEL_LABELS } from "./status-badges.tsx";
import { NOTIFICATION_TYPES, TemplateEditor, type Template } from "./template-editor.tsx";

/** /notifications/templates: the texts notifications are written from, edited beside their preview. */
export function TemplatesPage() {
  const trpc = useTRPC();
  const templates = useQuery(trpc.notificationTemplates.list.queryOptions({ page: 1, pageSize: 100 }));
  const { closeAndRefresh, editor } = useEditableList<Template>(trpc.notificationTemplates.pathKey());
  const deletion = useDeleteDialog(
    (options) => trpc.notificationTemplates.delete.mutationOptions(options),
    closeAndRefresh,
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
        actions={editor.current === null && <Button onClick={editor.add}>New template</Button>}
        // The editor opens under the header, above the list.
        notice={
          editor.current && (
            <TemplateEditor
              key={editor.current.key}
              template={editor.current.row}
              onDone={editor.saved}
              onCancel={editor.close}
            />
          )
        }
        query={templates}
        empty={
          <EmptyState
            title="No templates yet"
            // With the editor open above, a second way to open it would only compete with its Create.
            action={editor.current === null && <Button onClick={editor.add}>Write your first template</Button>}
          >
            A template holds the subject and text per channel, e.g. {"“${alarmType} on ${deviceName}”"}.
          </EmptyState>
        }
        rowKey={(t) => t.id}
        onRowClick={editor.edit}
        columns={[
          { header: "Name", cell: (t) => <span className="font-medium">{t.name}</span> },
          { header: "Written for", cell: (t) => <Badge>{kind(t)}</Badge> },
          { header: "Channels", cell: channels },
          { header: "Changed", cell: (t) => formatDateTime(t.updatedAt), className: "whitespace-nowrap" },
          { header: "", cell: (t) => <RowDeleteButton onClick={() => deletion.ask(t)} /> },
        ]}
        card={(t) => (
          <RowCardButton name={t.name} onOpen={() => editor.edit(t)}>
            <p className="text-xs text-slate-500">
              {kind(t)} · {channels(t)}
            </p>
          </RowCardButton>
        )}
      >
        <ConfirmDialog {...deletion.dialog} title={`Delete “${deletion.asked?.name}”?`} confirmLabel="Delete">
          Notifications already sent keep their deliveries. A rule or escalation that sends with it must move to another
          template first.
        </ConfirmDialog>
      </ListPage>
    </>
  );
}
