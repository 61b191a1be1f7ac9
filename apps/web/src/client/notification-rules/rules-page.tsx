"use client";
import { Badge, Button, ConfirmDialog, EmptyState, ListPage, RowCard, RowDeleteButton } from "@industryos/ui";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { NotificationTabs } from "../notifications/notification-tabs.tsx";
import { useTRPC } from "../trpc.ts";
import { useDeleteDialog } from "../use-delete-dialog.ts";
import { useEditableList } from "../use-editable-list.ts";
import { triggerLabel } from "./choices.ts";
import { EnabledSwitch } from "./enabled-switch.tsx";
import { RuleForm, type NotificationRule } from "./rule-form.tsx";
import { triggerSummary } from "./rule-summary.ts";

/** The switch that turns a rule on and off, at once (the workers hear of it within moments). */
function RuleSwitch({ rule, onChanged }: { rule: NotificationRule; onChanged: () => void }) {
  const trpc = useTRPC();
  // Shown as switched at once; back as it was if the API refuses.
  const [on, setOn] = useState(rule.enabled);
  useEffect(() => setOn(rule.enabled), [rule.enabled]);
  const options = { onSuccess: onChanged, onError: () => setOn(rule.enabled) };
  const enable = useMutation(trpc.notificationRules.enable.mutationOptions(options));
  const disable = useMutation(trpc.notificationRules.disable.mutationOptions(options));
  return (
    <EnabledSwitch
      name={rule.name}
      on={on}
      busy={enable.isPending || disable.isPending}
      error={enable.error ?? disable.error}
      onSwitch={(next) => {
        setOn(next);
        (next ? enable : disable).mutate({ id: rule.id });
      }}
    />
  );
}

/** /notifications/rules: what sends notifications by itself (alarms, silent devices, changes), each switchable. */
export function NotificationRulesPage() {
  const trpc = useTRPC();
  const rules = useQuery(trpc.notificationRules.list.queryOptions({ page: 1, pageSize: 100 }));
  const { refresh, closeAndRefresh, editor } = useEditableList<NotificationRule>(trpc.notificationRules.pathKey());
  const deletion = useDeleteDialog(
    (options) => trpc.notificationRules.delete.mutationOptions(options),
    closeAndRefresh,
  );

  return (
    <>
      <NotificationTabs />
      <ListPage
        title="Notification rules"
        description="Notifications sent by themselves: when alarms are raised or left unacknowledged, devices fall silent, things change."
        actions={editor.current === null && <Button onClick={editor.add}>Add rule</Button>}
        notice={
          editor.current && (
            <RuleForm
              key={editor.current.key}
              rule={editor.current.row}
              onDone={editor.saved}
              onCancel={editor.close}
            />
          )
        }
        query={rules}
        empty={
          <EmptyState title="No rules yet" action={<Button onClick={editor.add}>Add your first rule</Button>}>
            A rule picks events (an alarm raised, a device gone silent, …), a template and who to notify.
          </EmptyState>
        }
        rowKey={(r) => r.id}
        onRowClick={editor.edit}
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
          { header: "Enabled", cell: (r) => <RuleSwitch rule={r} onChanged={() => void refresh()} /> },
          { header: "", cell: (r) => <RowDeleteButton onClick={() => deletion.ask(r)} /> },
        ]}
        card={(r) => (
          <RowCard
            name={r.name}
            onOpen={() => editor.edit(r)}
            control={<RuleSwitch rule={r} onChanged={() => void refresh()} />}
            summary={`${r.templateName} · ${r.targetIds.length} target${r.targetIds.length === 1 ? "" : "s"}`}
            onDelete={() => deletion.ask(r)}
            testId="notification-rule-card"
          >
            <p className="text-xs text-slate-500">{triggerLabel(r.triggerType)}</p>
            <p className="text-sm text-slate-600">{triggerSummary(r.triggerType, r.triggerConfig)}</p>
          </RowCard>
        )}
      >
        <ConfirmDialog
          {...deletion.dialog}
          title={`Delete “${deletion.asked?.name}”?`}
          confirmLabel="Delete"
          tone="danger"
        >
          Notifications it already sent stay in the log; from now on its events notify nobody. To pause it, switch it
          off instead.
        </ConfirmDialog>
      </ListPage>
    </>
  );
}
