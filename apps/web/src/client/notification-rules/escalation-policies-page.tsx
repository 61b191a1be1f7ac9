"use client";
import { Button, ConfirmDialog, EmptyState, ListPage, severityLabel } from "@industryos/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { NotificationTabs } from "../notifications/notification-tabs.tsx";
import { useTRPC } from "../trpc.ts";
import { minutesInWords } from "./choices.ts";
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
  const queryClient = useQueryClient();
  const policies = useQuery(trpc.escalationPolicies.list.queryOptions({ page: 1, pageSize: 100 }));
  const [editing, setEditing] = useState<EscalationPolicy | "new" | null>(null);
  const [deleting, setDeleting] = useState<EscalationPolicy | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.escalationPolicies.pathKey() });
  const remove = useMutation(
    trpc.escalationPolicies.delete.mutationOptions({
      onSuccess: () => {
        setDeleting(null);
        void refresh();
      },
    }),
  );
  // onSuccess waits for the list to be read again, so the switch never shows the old state in between.
  const toggle = useMutation(trpc.escalationPolicies.update.mutationOptions({ onSuccess: () => refresh() }));
  // A policy being switched shows its new state at once (until the list is read again, or the API refuses).
  const switching = toggle.isPending ? toggle.variables : undefined;
  const enabledOf = (p: EscalationPolicy) => (switching?.id === p.id ? Boolean(switching.body.enabled) : p.enabled);
  const askDelete = (p: EscalationPolicy) => {
    remove.reset();
    setDeleting(p);
  };
  const enabledSwitch = (p: EscalationPolicy) => (
    <span className="inline-flex items-center gap-2" onClick={(e) => e.stopPropagation()}>
      <input
        type="checkbox"
        role="switch"
        aria-label={`${p.name} enabled`}
        checked={enabledOf(p)}
        disabled={toggle.isPending}
        onChange={(e) => toggle.mutate({ id: p.id, body: { enabled: e.target.checked } })}
      />
      <span className="text-xs text-slate-500">{enabledOf(p) ? "On" : "Off"}</span>
    </span>
  );

  return (
    <>
      <NotificationTabs />
      <ListPage
        title="Escalation policies"
        description="When nobody acknowledges an alarm: who is notified, after how long, and how often again."
        actions={editing === null && <Button onClick={() => setEditing("new")}>Add policy</Button>}
        notice={
          <>
            {toggle.error && (
              <p role="alert" className="mb-3 text-sm text-red-600">
                {toggle.error.message}
              </p>
            )}
            {editing !== null && (
              <PolicyForm
                key={editing === "new" ? "new" : editing.id}
                policy={editing === "new" ? null : editing}
                onDone={() => {
                  setEditing(null);
                  void refresh();
                }}
                onCancel={() => setEditing(null)}
              />
            )}
          </>
        }
        query={policies}
        empty={
          <EmptyState
            title="No escalation policies yet"
            action={<Button onClick={() => setEditing("new")}>Add your first policy</Button>}
          >
            For example: after 10 minutes unacknowledged notify the on-call target; after 30 the manager.
          </EmptyState>
        }
        rowKey={(p) => p.id}
        onRowClick={(p) => setEditing(p)}
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
          {
            header: "",
            cell: (p) => (
              <button
                type="button"
                className="text-xs text-red-600 hover:underline"
                onClick={(e) => {
                  e.stopPropagation();
                  askDelete(p);
                }}
              >
                Delete
              </button>
            ),
          },
        ]}
        card={(p) => (
          <div
            className="space-y-1 rounded-lg bg-white p-3 shadow-sm ring-1 ring-slate-200"
            data-testid="escalation-policy-card"
          >
            <div className="flex items-start justify-between gap-2">
              <button type="button" className="text-left font-medium" onClick={() => setEditing(p)}>
                {p.name}
              </button>
              {enabledSwitch(p)}
            </div>
            <p className="text-sm text-slate-600">{scope(p)}</p>
            <p className="text-xs text-slate-500">
              {steps(p)} ·{" "}
              <button type="button" className="text-red-600" onClick={() => askDelete(p)}>
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
          Its running escalations stop at their next level, and the alarms&apos; pages no longer show them. To pause it,
          switch it off instead.
        </ConfirmDialog>
      </ListPage>
    </>
  );
}
