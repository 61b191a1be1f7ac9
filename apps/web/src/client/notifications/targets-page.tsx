"use client";
import { Badge, Button, ConfirmDialog, Dialog, EmptyState, ListPage } from "@industryos/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "../trpc.ts";
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
  const queryClient = useQueryClient();
  const targets = useQuery(trpc.notificationTargets.list.queryOptions({ page: 1, pageSize: 100 }));
  const [editing, setEditing] = useState<Target | "new" | null>(null);
  const [deleting, setDeleting] = useState<Target | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.notificationTargets.pathKey() });
  const remove = useMutation(
    trpc.notificationTargets.delete.mutationOptions({
      onSuccess: () => {
        setDeleting(null);
        void refresh();
      },
    }),
  );
  const done = () => {
    setEditing(null);
    void refresh();
  };
  const typeLabel = (t: Target) => TARGET_TYPES.find((x) => x.value === t.type)?.label ?? t.type;

  return (
    <>
      <NotificationTabs />
      <ListPage
        title="Notification targets"
        description="Who notifications reach: people in the console, email addresses, phone numbers, Slack channels, webhooks."
        actions={<Button onClick={() => setEditing("new")}>Add target</Button>}
        query={targets}
        empty={
          <EmptyState
            title="No targets yet"
            action={<Button onClick={() => setEditing("new")}>Add your first target</Button>}
          >
            A target names who a notification goes to; rules, rule chains and “send now” pick targets.
          </EmptyState>
        }
        rowKey={(t) => t.id}
        onRowClick={(t) => setEditing(t)}
        columns={[
          { header: "Name", cell: (t) => <span className="font-medium">{t.name}</span> },
          { header: "Kind", cell: (t) => <Badge>{typeLabel(t)}</Badge> },
          { header: "Reaches", cell: (t) => <span className="line-clamp-1 break-all text-slate-600">{reach(t)}</span> },
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
            <p className="text-xs text-slate-500">{typeLabel(t)}</p>
            <p className="break-all text-sm text-slate-600">{reach(t)}</p>
          </button>
        )}
      >
        <Dialog
          open={editing !== null}
          title={editing === "new" ? "Add a notification target" : "Edit the target"}
          onClose={() => setEditing(null)}
        >
          {editing !== null && (
            <TargetForm
              key={editing === "new" ? "new" : editing.id}
              target={editing === "new" ? null : editing}
              onDone={done}
              onCancel={() => setEditing(null)}
            />
          )}
        </Dialog>
        <ConfirmDialog
          open={deleting !== null}
          title={`Delete “${deleting?.name}”?`}
          confirmLabel="Delete"
          busy={remove.isPending}
          error={remove.error}
          onConfirm={() => deleting && remove.mutate({ id: deleting.id })}
          onClose={() => setDeleting(null)}
        >
          Notifications already sent keep their deliveries; new ones no longer reach this target.
        </ConfirmDialog>
      </ListPage>
    </>
  );
}
