"use client";
import { Badge, Button, ConfirmDialog, EmptyState, ListPage } from "@industryos/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { NotificationTabs } from "../notifications/notification-tabs.tsx";
import { useTRPC } from "../trpc.ts";
import { triggerLabel } from "./choices.ts";
import { RuleForm, type NotificationRule } from "./rule-form.tsx";
import { triggerSummary } from "./rule-summary.ts";

/** The switch that turns a rule on and off, at once (the workers hear of it within moments). */
function EnabledSwitch({ rule, onChanged }: { rule: NotificationRule; onChanged: () => void }) {
  const trpc = useTRPC();
  // Shown as switched at once; back as it was if the API refuses.
  const [on, setOn] = useState(rule.enabled);
  useEffect(() => setOn(rule.enabled), [rule.enabled]);
  const options = { onSuccess: onChanged, onError: () => setOn(rule.enabled) };
  const enable = useMutation(trpc.notificationRules.enable.mutationOptions(options));
  const disable = useMutation(trpc.notificationRules.disable.mutationOptions(options));
  const error = enable.error ?? disable.error;
  return (
    <span className="inline-flex items-center gap-2" onClick={(e) => e.stopPropagation()}>
      <input
        type="checkbox"
        role="switch"
        aria-label={`${rule.name} enabled`}
        checked={on}
        disabled={enable.isPending || disable.isPending}
        onChange={(e) => {
          setOn(e.target.checked);
          (e.target.checked ? enable : disable).mutate({ id: rule.id });
        }}
      />
      <span className="text-xs text-slate-500">{on ? "On" : "Off"}</span>
      {error && (
        <span role="alert" className="text-xs text-red-600">
          {error.message}
        </span>
      )}
    </span>
  );
}

/** /notifications/rules: what sends notifications by itself (alarms, silent devices, changes), each switchable. */
export function NotificationRulesPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const rules = useQuery(trpc.notificationRules.list.queryOptions({ page: 1, pageSize: 100 }));
  const [editing, setEditing] = useState<NotificationRule | "new" | null>(null);
  const [deleting, setDeleting] = useState<NotificationRule | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.notificationRules.pathKey() });
  const remove = useMutation(
    trpc.notificationRules.delete.mutationOptions({
      onSuccess: () => {
        setDeleting(null);
        void refresh();
      },
    }),
  );
  const askDelete = (rule: NotificationRule) => {
    remove.reset();
    setDeleting(rule);
  };

  return (
    <>
      <NotificationTabs />
      <ListPage
        title="Notification rules"
        description="Notifications sent by themselves: when alarms are raised or left unacknowledged, devices fall silent, things change."
        actions={editing === null && <Button onClick={() => setEditing("new")}>Add rule</Button>}
        notice={
          editing !== null && (
            <RuleForm
              key={editing === "new" ? "new" : editing.id}
              rule={editing === "new" ? null : editing}
              onDone={() => {
                setEditing(null);
                void refresh();
              }}
              onCancel={() => setEditing(null)}
            />
          )
        }
        query={rules}
        empty={
          <EmptyState
            title="No rules yet"
            action={<Button onClick={() => setEditing("new")}>Add your first rule</Button>}
          >
            A rule picks events (an alarm raised, a device gone silent, …), a template and who to notify.
          </EmptyState>
        }
        rowKey={(r) => r.id}
        onRowClick={(r) => setEditing(r)}
        columns={[
          { header: "Name", cell: (r) => <span className="font-medium">{r.name}</span> },
          {
            header: "On",
            cell: (r) => (
              <span className="text-slate-600">
                <Badge>{triggerLabel(r.triggerType)}</Badge>{" "}
                <span className="line-clamp-1">{triggerSummary(r.triggerType, r.triggerConfig)}</span>
              </span>
            ),
          },
          { header: "Template", cell: (r) => r.templateName },
          { header: "Targets", cell: (r) => r.targetIds.length },
          { header: "Enabled", cell: (r) => <EnabledSwitch rule={r} onChanged={() => void refresh()} /> },
          {
            header: "",
            cell: (r) => (
              <button
                type="button"
                className="text-xs text-red-600 hover:underline"
                onClick={(e) => {
                  e.stopPropagation();
                  askDelete(r);
                }}
              >
                Delete
              </button>
            ),
          },
        ]}
        card={(r) => (
          <div
            className="space-y-1 rounded-lg bg-white p-3 shadow-sm ring-1 ring-slate-200"
            data-testid="notification-rule-card"
          >
            <div className="flex items-start justify-between gap-2">
              <button type="button" className="text-left font-medium" onClick={() => setEditing(r)}>
                {r.name}
              </button>
              <EnabledSwitch rule={r} onChanged={() => void refresh()} />
            </div>
            <p className="text-xs text-slate-500">{triggerLabel(r.triggerType)}</p>
            <p className="text-sm text-slate-600">{triggerSummary(r.triggerType, r.triggerConfig)}</p>
            <p className="text-xs text-slate-500">
              {r.templateName} · {r.targetIds.length} target{r.targetIds.length === 1 ? "" : "s"} ·{" "}
              <button type="button" className="text-red-600" onClick={() => askDelete(r)}>
                Delete
              </button>
            </p>
          </div>
        )}
      >
        <ConfirmDialog
          open={deleting !== null}
          title={`Delete “${deleting?.name}”?`}
          confirmLabel="Delete"
          tone="danger"
          busy={remove.isPending}
          error={remove.error}
          onConfirm={() => deleting && remove.mutate({ id: deleting.id })}
          onClose={() => setDeleting(null)}
        >
          Notifications it already sent stay in the log; from now on its events notify nobody. To pause it, switch it
          off instead.
        </ConfirmDialog>
      </ListPage>
    </>
  );
}
