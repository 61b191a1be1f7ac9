"use client";
import { Button, ConfirmDialog, EmptyState, ListPage, RowCard, RowDeleteButton, severityLabel } from "@industryos/ui";
import { useMutation, useQuery } from "@tanstack/react-query";
import { NotificationTabs } from "../notifications/notification-tabs.tsx";
import { useTRPC } from "../trpc.ts";
import { useDeleteDialog } from "../use-delete-dialog.ts";
import { useEditableList } from "../use-editable-list.ts";
import { minutesInWords } from "./choices.ts";
import { EnabledSwitch } from "./enabled-switch.tsx";
import { PolicyForm, type EscalationPolicy } from "./policy-form.tsx";

/** Which alarms a policy takes: "Critical · High temperature", or every alarm. */
const scope = (p: EscalationPolicy) =>
  [p.severities.map(severityLabel).join(", "), p.alarmTypes.join(", ")].filter(Boolean).join(" · ") || "every alarm";

/** Its levels in a line: "10 min → 30 min, then every 1 h (3×)". */
function steps(p: EscalationPolicy) {
  const levels = p.levels.map((l) => minutesInWords(l.afterMinutes)).join(" → ");
  if (p.repeatEveryMinutes == null) return levels;
  return `${levels}, then every ${minutesInWords(p.repeatEveryMinutes)}${p.repeatLimit ? ` (${p.repeatLimit}×)` : ""}`;
}

/** /notifications/escalations: who hears of an alarm nobody acknowledges, and when. */
export function EscalationPoliciesPage() {
  const trpc = useTRPC();
  const policies = useQuery(trpc.escalationPolicies.list.queryOptions({ page: 1, pageSize: 100 }));
  const { refresh, closeAndRefresh, editor } = useEditableList<EscalationPolicy>(trpc.escalationPolicies.pathKey());
  const deletion = useDeleteDialog(
    (options) => trpc.escalationPolicies.delete.mutationOptions(options),
    closeAndRefresh,
  );
  // onSuccess waits for the list to be read again, so the switch never shows the old state in between.
  const toggle = useMutation(trpc.escalationPolicies.update.mutationOptions({ onSuccess: () => refresh() }));
  // A policy being switched shows its new state at once (until the list is read again, or the API refuses).
  const switching = toggle.isPending ? toggle.variables : undefined;
  const enabledOf = (p: EscalationPolicy) => (switching?.id === p.id ? Boolean(switching.body.enabled) : p.enabled);
  const enabledSwitch = (p: EscalationPolicy) => (
    <EnabledSwitch
      name={p.name}
      on={enabledOf(p)}
      busy={toggle.isPending}
      onSwitch={(enabled) => toggle.mutate({ id: p.id, body: { enabled } })}
    />
  );

  return (
    <>
      <NotificationTabs />
      <ListPage
        title="Escalation policies"
        description="When nobody acknowledges an alarm: who is notified, after how long, and how often again."
        actions={editor.current === null && <Button onClick={editor.add}>Add policy</Button>}
        notice={
          <>
            {toggle.error && (
              <p role="alert" className="mb-3 text-sm text-red-600">
                {toggle.error.message}
              </p>
            )}
            {editor.current && (
              <PolicyForm
                key={editor.current.key}
                policy={editor.current.row}
                onDone={editor.saved}
                onCancel={editor.close}
              />
            )}
          </>
        }
        query={policies}
        empty={
          <EmptyState
            title="No escalation policies yet"
            action={<Button onClick={editor.add}>Add your first policy</Button>}
          >
            For example: after 10 minutes unacknowledged notify the on-call target; after 30 the manager.
          </EmptyState>
        }
        rowKey={(p) => p.id}
        onRowClick={editor.edit}
        columns={[
          { header: "Name", cell: (p) => <span className="font-medium">{p.name}</span> },
          { header: "Alarms", cell: (p) => <span className="text-slate-600">{scope(p)}</span> },
          {
            header: "Levels",
            cell: (p) => (
              <span className="text-slate-600">
                {p.levels.length} level{p.levels.length === 1 ? "" : "s"}: {steps(p)}
              </span>
            ),
          },
          { header: "Enabled", cell: enabledSwitch },
          { header: "", cell: (p) => <RowDeleteButton onClick={() => deletion.ask(p)} /> },
        ]}
        card={(p) => (
          <RowCard
            name={p.name}
            onOpen={() => editor.edit(p)}
            control={enabledSwitch(p)}
            summary={steps(p)}
            onDelete={() => deletion.ask(p)}
            testId="escalation-policy-card"
          >
            <p className="text-sm text-slate-600">{scope(p)}</p>
          </RowCard>
        )}
      >
        <ConfirmDialog
          {...deletion.dialog}
          title={`Delete “${deletion.asked?.name}”?`}
          confirmLabel="Delete"
          tone="danger"
        >
          Its running escalations stop at their next level, and the alarms&apos; pages no longer show them. To pause it,
          switch it off instead.
        </ConfirmDialog>
      </ListPage>
    </>
  );
}
