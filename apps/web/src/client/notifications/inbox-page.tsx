"use client";
import type { RouterOutputs } from "@industryos/api/router";
import { Button, EmptyState, ListNotice, ListPage, cx, formatDateTime, formatRelativeTime } from "@industryos/ui";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useTRPC } from "../trpc.ts";
import { NotificationTabs } from "./notification-tabs.tsx";

type Notification = RouterOutputs["notifications"]["list"]["data"][number];

const PAGE_SIZE = 20;

/** Where a notification points: its alarm, else its device. */
function linkOf(n: Notification): string | null {
  const info = n.info as { alarmId?: unknown; originatorType?: unknown; originatorId?: unknown };
  if (typeof info.alarmId === "string") return `/alarms/${info.alarmId}`;
  if (info.originatorType === "DEVICE" && typeof info.originatorId === "string") return `/devices/${info.originatorId}`;
  return null;
}

/** /notifications: the signed-in user's inbox, newest first; follows the bell's live updates. */
export function InboxPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [page, setPage] = useState(1);
  const inbox = useQuery({
    ...trpc.notifications.list.queryOptions({ page, pageSize: PAGE_SIZE, unreadOnly: unreadOnly ? "true" : undefined }),
    placeholderData: keepPreviousData,
  });
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.notifications.pathKey() });
  };
  const read = useMutation(trpc.notifications.read.mutationOptions({ onSuccess: refresh }));
  const readAll = useMutation(trpc.notifications.readAll.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.notifications.delete.mutationOptions({ onSuccess: refresh }));
  const unread = inbox.data?.unreadCount ?? 0;

  const body = (n: Notification) => {
    const href = linkOf(n);
    return (
      <div className="min-w-0">
        <p className={cx("text-sm", n.seenAt ? "text-slate-700" : "font-semibold text-slate-900")}>
          {!n.seenAt && <span className="mr-2 inline-block size-2 rounded-full bg-brand-600" aria-label="unread" />}
          {n.subject}
        </p>
        <p className="whitespace-pre-line text-sm text-slate-600">{n.text}</p>
        {href && (
          <Link
            href={href}
            className="text-xs text-brand-700 hover:underline"
            onClick={() => !n.seenAt && read.mutate({ id: n.id })}
          >
            Open
          </Link>
        )}
      </div>
    );
  };
  const actions = (n: Notification) => (
    <div className="flex justify-end gap-3 text-xs">
      {!n.seenAt && (
        <button type="button" className="text-brand-700 hover:underline" onClick={() => read.mutate({ id: n.id })}>
          Mark read
        </button>
      )}
      <button type="button" className="text-red-600 hover:underline" onClick={() => remove.mutate({ id: n.id })}>
        Delete
      </button>
    </div>
  );

  return (
    <>
      <NotificationTabs />
      <ListPage
        title="Notifications"
        description={unread ? `${unread} unread` : "All read"}
        actions={
          <Button variant="secondary" disabled={unread === 0} busy={readAll.isPending} onClick={() => readAll.mutate()}>
            Mark all read
          </Button>
        }
        filters={
          <label className="flex items-center gap-2">
            <input
              type="checkbox"
              checked={unreadOnly}
              onChange={(e) => {
                setUnreadOnly(e.target.checked);
                setPage(1);
              }}
            />
            Unread only
          </label>
        }
        notice={<ListNotice error={read.error ?? remove.error ?? readAll.error} />}
        query={inbox}
        empty={
          <EmptyState title={unreadOnly ? "Nothing unread" : "No notifications yet"}>
            Notifications sent to you by alarms, rules and rule chains land here; the bell counts the unread ones.
          </EmptyState>
        }
        rowKey={(n) => n.id}
        columns={[
          { header: "Notification", cell: body },
          {
            header: "When",
            cell: (n) => <span title={formatDateTime(n.createdAt)}>{formatRelativeTime(n.createdAt)}</span>,
            className: "whitespace-nowrap",
          },
          { header: "", cell: actions },
        ]}
        card={(n) => (
          <div className="space-y-2 rounded-lg bg-white p-3 shadow-sm ring-1 ring-slate-200">
            {body(n)}
            <div className="flex items-center justify-between text-xs text-slate-500">
              <span>{formatRelativeTime(n.createdAt)}</span>
              {actions(n)}
            </div>
          </div>
        )}
        paging={{ page, pageSize: PAGE_SIZE, onPage: setPage }}
      />
    </>
  );
}
