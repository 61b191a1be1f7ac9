"use client";
import type { RouterOutputs } from "@industryos/api/router";
import {
  AlarmStatusBadge,
  Button,
  Card,
  ConfirmDialog,
  ErrorState,
  QueryView,
  SeverityBadge,
  formatDateTime,
  formatRelativeTime,
} from "@industryos/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useParams } from "next/navigation";
import { useState, type FormEvent, type ReactNode } from "react";
import { useSessionUser } from "../console/session-context.tsx";
import { AlarmEscalationPanel } from "../notification-rules/alarm-escalation-panel.tsx";
import { useTRPC } from "../trpc.ts";
import { ALARM_REFRESH_MS, originatorHref } from "./alarm-links.ts";

type Alarm = RouterOutputs["alarms"]["get"];

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="mt-0.5 break-words text-sm text-slate-800">{children}</dd>
    </div>
  );
}

const when = (ts: number | null) =>
  ts === null ? (
    <span className="text-slate-400">—</span>
  ) : (
    <span title={formatRelativeTime(ts)}>{formatDateTime(ts)}</span>
  );

/** /alarms/{id}: what the alarm is, its timeline of comments, and Acknowledge, Clear and Assign. */
export function AlarmDetailPage() {
  const { id } = useParams<{ id: string }>();
  const trpc = useTRPC();
  const user = useSessionUser();
  const isAdmin = user.role === "TENANT_ADMIN";
  const queryClient = useQueryClient();
  const alarm = useQuery({ ...trpc.alarms.get.queryOptions({ id }), refetchInterval: ALARM_REFRESH_MS });
  const comments = useQuery({
    ...trpc.alarms.comments.queryOptions({ id, page: 1, pageSize: 100 }),
    refetchInterval: ALARM_REFRESH_MS,
  });
  const users = useQuery({ ...trpc.users.list.queryOptions({ page: 1, pageSize: 100 }), enabled: isAdmin });
  const [confirming, setConfirming] = useState<"ack" | "clear" | null>(null);
  const [text, setText] = useState("");

  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.alarms.pathKey() });
  const onChanged = (saved: Alarm) => {
    queryClient.setQueryData(trpc.alarms.get.queryKey({ id }), saved);
    setConfirming(null);
    void refresh();
  };
  const ack = useMutation(trpc.alarms.ack.mutationOptions({ onSuccess: onChanged }));
  const clear = useMutation(trpc.alarms.clear.mutationOptions({ onSuccess: onChanged }));
  const assign = useMutation(trpc.alarms.assign.mutationOptions({ onSuccess: onChanged }));
  const addComment = useMutation(
    trpc.alarms.addComment.mutationOptions({
      onSuccess: () => {
        setText("");
        void refresh();
      },
    }),
  );
  const action = confirming === "clear" ? clear : ack;

  if (alarm.error?.data?.code === "NOT_FOUND") {
    return (
      <div className="space-y-3">
        <ErrorState error="This alarm does not exist, or you do not have access to it." />
        <Link href="/alarms" className="text-sm text-brand-600 hover:underline">
          ← All alarms
        </Link>
      </div>
    );
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (text.trim()) addComment.mutate({ id, body: { text } });
  };
  const emailOf = (userId: string | null) =>
    userId ? (users.data?.data.find((u) => u.id === userId)?.email ?? "a user of this workspace") : null;

  return (
    <QueryView query={alarm} loadingLabel="Loading alarm…">
      {(a) => {
        const href = originatorHref(a);
        const name = a.originatorName ?? "(deleted)";
        return (
          <div className="space-y-6">
            <div>
              <Link href="/alarms" className="text-sm text-slate-500 hover:text-slate-700">
                ← All alarms
              </Link>
              <div className="mt-2 flex flex-wrap items-center justify-between gap-4">
                <div className="min-w-0">
                  <h1
                    className="flex flex-wrap items-center gap-3 text-2xl font-semibold tracking-tight"
                    data-testid="alarm-type"
                  >
                    {a.type} <SeverityBadge severity={a.severity} />
                  </h1>
                  <p className="mt-1 flex flex-wrap items-center gap-2 text-sm text-slate-500">
                    <span data-testid="alarm-status">
                      <AlarmStatusBadge status={a.status} />
                    </span>
                    on{" "}
                    {href ? (
                      <Link href={href} className="font-medium text-brand-700 hover:underline">
                        {name}
                      </Link>
                    ) : (
                      <b>{name}</b>
                    )}{" "}
                    · started {formatRelativeTime(a.startTs)}
                  </p>
                </div>
                <div className="flex gap-2">
                  <Button
                    variant="secondary"
                    disabled={a.acknowledged}
                    title={a.acknowledged ? "Already acknowledged" : undefined}
                    onClick={() => setConfirming("ack")}
                  >
                    Acknowledge
                  </Button>
                  <Button
                    variant="danger"
                    disabled={a.cleared}
                    title={a.cleared ? "Already cleared" : undefined}
                    onClick={() => setConfirming("clear")}
                  >
                    Clear
                  </Button>
                </div>
              </div>
            </div>
            <div className="grid gap-6 lg:grid-cols-2">
              <Card title="Details">
                <dl className="grid grid-cols-2 gap-4">
                  <Fact label="Type">{a.type}</Fact>
                  <Fact label="Severity">
                    <SeverityBadge severity={a.severity} />
                  </Fact>
                  <Fact label="Status">
                    <AlarmStatusBadge status={a.status} />
                  </Fact>
                  <Fact label="Originator">
                    {href ? (
                      <Link href={href} className="text-brand-700 hover:underline">
                        {name}
                      </Link>
                    ) : (
                      name
                    )}{" "}
                    <span className="text-xs text-slate-400">{a.originatorType.toLowerCase()}</span>
                  </Fact>
                  <Fact label="Started">{when(a.startTs)}</Fact>
                  <Fact label="Last update">{when(a.endTs)}</Fact>
                  <Fact label="Acknowledged">{when(a.ackTs)}</Fact>
                  <Fact label="Cleared">{when(a.clearTs)}</Fact>
                  <div className="col-span-2">
                    <Fact label="Assignee">
                      {isAdmin ? (
                        <select
                          aria-label="Assignee"
                          value={a.assigneeId ?? ""}
                          disabled={assign.isPending}
                          onChange={(e) => assign.mutate({ id, body: { userId: e.target.value || null } })}
                          className="mt-1 w-full max-w-xs rounded-md border-0 py-1.5 text-sm ring-1 ring-slate-300"
                        >
                          <option value="">Unassigned</option>
                          {users.data?.data.map((u) => (
                            <option key={u.id} value={u.id}>
                              {u.email}
                            </option>
                          ))}
                        </select>
                      ) : (
                        (emailOf(a.assigneeId) ?? <span className="text-slate-400">Unassigned</span>)
                      )}
                      {assign.error && (
                        <p role="alert" className="mt-1 text-xs text-red-600">
                          {assign.error.message}
                        </p>
                      )}
                    </Fact>
                  </div>
                  <div className="col-span-2">
                    <Fact label="Details">
                      {a.details === null || a.details === undefined ? (
                        <span className="text-slate-400">None</span>
                      ) : (
                        <pre
                          className="mt-1 max-h-64 overflow-auto rounded-md bg-slate-50 p-3 text-xs text-slate-700 ring-1 ring-slate-200"
                          data-testid="alarm-details"
                        >
                          {JSON.stringify(a.details, null, 2)}
                        </pre>
                      )}
                    </Fact>
                  </div>
                </dl>
              </Card>
              <Card title="Timeline">
                <QueryView query={comments} loadingLabel="Loading comments…">
                  {(list) => (
                    <ol className="space-y-3" aria-label="Comments" data-testid="alarm-timeline">
                      <li className="flex gap-3 text-sm">
                        <span className="mt-1.5 size-2 shrink-0 rounded-full bg-red-400" aria-hidden />
                        <div>
                          <p className="text-slate-600">Raised</p>
                          <p className="text-xs text-slate-400">{formatDateTime(a.startTs)}</p>
                        </div>
                      </li>
                      {list.data.map((c) =>
                        c.type === "SYSTEM" ? (
                          <li key={c.id} className="flex gap-3 text-sm" data-comment-type="SYSTEM">
                            <span className="mt-1.5 size-2 shrink-0 rounded-full bg-slate-300" aria-hidden />
                            <div>
                              <p className="italic text-slate-600">{c.text}</p>
                              <p className="text-xs text-slate-400">system · {formatDateTime(c.createdAt)}</p>
                            </div>
                          </li>
                        ) : (
                          <li key={c.id} className="flex gap-3 text-sm" data-comment-type="OTHER">
                            <span className="mt-1.5 size-2 shrink-0 rounded-full bg-brand-500" aria-hidden />
                            <div className="min-w-0 flex-1 rounded-md bg-slate-50 px-3 py-2 ring-1 ring-slate-200">
                              <p className="text-xs text-slate-500">
                                <b className="text-slate-700">{c.userEmail ?? "a former user"}</b> ·{" "}
                                {formatDateTime(c.createdAt)}
                              </p>
                              <p className="mt-1 whitespace-pre-wrap break-words text-slate-800">{c.text}</p>
                            </div>
                          </li>
                        ),
                      )}
                    </ol>
                  )}
                </QueryView>
                <form onSubmit={submit} className="mt-4 space-y-2 border-t border-slate-100 pt-4">
                  <label htmlFor="alarm-comment" className="block text-sm font-medium text-slate-700">
                    Add a comment
                  </label>
                  <textarea
                    id="alarm-comment"
                    value={text}
                    onChange={(e) => setText(e.target.value)}
                    rows={3}
                    maxLength={10_000}
                    placeholder="What you found, what you did"
                    className="block w-full rounded-md border-0 px-3 py-1.5 text-sm shadow-sm ring-1 ring-inset ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-brand-500"
                  />
                  {addComment.error && (
                    <p role="alert" className="text-xs text-red-600">
                      {addComment.error.message}
                    </p>
                  )}
                  <div className="flex justify-end">
                    <Button type="submit" busy={addComment.isPending} disabled={!text.trim()}>
                      Comment
                    </Button>
                  </div>
                </form>
              </Card>
              <AlarmEscalationPanel alarmId={id} linkRequests={isAdmin} />
            </div>
            <ConfirmDialog
              open={confirming !== null}
              title={confirming === "clear" ? "Clear this alarm" : "Acknowledge this alarm"}
              confirmLabel={confirming === "clear" ? "Clear alarm" : "Acknowledge"}
              tone={confirming === "clear" ? "danger" : "primary"}
              busy={action.isPending}
              error={action.error}
              onClose={() => {
                setConfirming(null);
                action.reset();
              }}
              onConfirm={() => action.mutate({ id })}
            >
              <p>
                {confirming === "clear"
                  ? `${a.type} on ${name} leaves the active alarms; the next time its condition occurs, a new alarm is raised.`
                  : `${a.type} on ${name} stays active until cleared; your team sees that someone is on it.`}
              </p>
            </ConfirmDialog>
          </div>
        );
      }}
    </QueryView>
  );
}
