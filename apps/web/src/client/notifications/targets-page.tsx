"use client";
import {
  Badge,
  Button,
  ConfirmDialog,
  Dialog,
  EmptyState,
  ListPage,
  RowCardButton,
  RowDeleteButton,
} from "@industryos/ui";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../trpc.ts";
import { useDeleteDialog } from "../use-delete-dialog.ts";
import { useEditableList } from "../use-editable-list.ts";
import { NotificationTabs } from "./notification-tabs.tsx";
import { TARGET_TYPES, TargetForm, type Target } from "./target-form.tsx";

/** Who a target reaches, in a few words. */
function reach(t: Target): string {
  const c = t.configuration as Record<string, unknown> & { users?: { type: string; userIds?: string[] } };
  const list = (key: string) => (Array.isArray(c[key]) ? (c[key] as string[]) : []);
  switch (t.type) {
    case "PLATFORM_USERS":
      return (
        {
          ALL: "every user",
          TENANT_ADMINS: "the administrators",
          CUSTOMER_USERS: "a customer's users",
          USER_LIST: `${c.users?.userIds?.length ?? 0} chosen users`,
        }[c.users?.type ?? ""] ?? "users"
      );
    case "EMAIL":
      return list("emails").join(", ");
    case "SMS":
      return list("phoneNumbers").join(", ");
    case "SLACK":
      return list("channels").join(", ");
    case "WEBHOOK":
      return String(c.url ?? "");
  }
}

/** /notifications/targets: who notifications reach. */
export function TargetsPage() {
  const trpc = useTRPC();
  const targets = useQuery(trpc.notificationTargets.list.queryOptions({ page: 1, pageSize: 100 }));
  const { closeAndRefresh, editor } = useEditableList<Target>(trpc.notificationTargets.pathKey());
  const deletion = useDeleteDialog(
    (options) => trpc.notificationTargets.delete.mutationOptions(options),
    closeAndRefresh,
  );
  const typeLabel = (t: Target) => TARGET_TYPES.find((x) => x.value === t.type)?.label ?? t.type;

  return (
    <>
      <NotificationTabs />
      <ListPage
        title="Notification targets"
        description="Who notifications reach: people in the console, email addresses, phone numbers, Slack channels, webhooks."
        actions={<Button onClick={editor.add}>Add target</Button>}
        query={targets}
        empty={
          <EmptyState title="No targets yet" action={<Button onClick={editor.add}>Add your first target</Button>}>
            A target names who a notification goes to; rules, rule chains and “send now” pick targets.
          </EmptyState>
        }
        rowKey={(t) => t.id}
        onRowClick={editor.edit}
        columns={[
          { header: "Name", cell: (t) => <span className="font-medium">{t.name}</span> },
          { header: "Kind", cell: (t) => <Badge>{typeLabel(t)}</Badge> },
          { header: "Reaches", cell: (t) => <span className="line-clamp-1 break-all text-slate-600">{reach(t)}</span> },
          { header: "", cell: (t) => <RowDeleteButton onClick={() => deletion.ask(t)} /> },
        ]}
        card={(t) => (
          <RowCardButton name={t.name} onOpen={() => editor.edit(t)}>
            <p className="text-xs text-slate-500">{typeLabel(t)}</p>
            <p className="break-all text-sm text-slate-600">{reach(t)}</p>
          </RowCardButton>
        )}
      >
        <Dialog
          open={editor.current !== null}
          title={editor.current?.row === null ? "Add a notification target" : "Edit the target"}
          onClose={editor.close}
        >
          {editor.current && (
            <TargetForm
              key={editor.current.key}
              target={editor.current.row}
              onDone={editor.saved}
              onCancel={editor.close}
            />
          )}
        </Dialog>
        <ConfirmDialog {...deletion.dialog} title={`Delete “${deletion.asked?.name}”?`} confirmLabel="Delete">
          Notifications already sent keep their deliveries; new ones no longer reach this target.
        </ConfirmDialog>
      </ListPage>
    </>
  );
}
