"use client";
import type { RouterOutputs } from "@industryos/api/router";
import { Button, Dialog, EmptyState, ListPage, formatDateTime } from "@industryos/ui";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "../trpc.ts";
import { NotificationTabs } from "./notification-tabs.tsx";
import { SendNowForm } from "./send-now-form.tsx";
import { RequestStatusBadge, statsSummary } from "./status-badges.tsx";

type Request = RouterOutputs["notificationRequests"]["list"]["data"][number];

const PAGE_SIZE = 20;

/** What a request said: its template's name, or its own subject or text. */
export const requestTitle = (r: Pick<Request, "templateName" | "content" | "templateId">) =>
  r.templateName ?? r.content?.subject ?? r.content?.body ?? (r.templateId ? "(template deleted)" : "Notification");

/** /notifications/sent: every notification sent (by rules, rule chains, escalations or by hand), newest first. */
export function SentPage() {
  const trpc = useTRPC();
  const router = useRouter();
  const [page, setPage] = useState(1);
  const [sending, setSending] = useState(false);
  const requests = useQuery({
    ...trpc.notificationRequests.list.queryOptions({ page, pageSize: PAGE_SIZE }),
    placeholderData: keepPreviousData,
    // Deliveries finish in the background: keep the statuses current while any is being sent.
    refetchInterval: (query) => (query.state.data?.data.some((r) => r.status === "PROCESSING") ? 2_000 : false),
  });
  const open = (r: Request) => router.push(`/notifications/sent/${r.id}`);

  return (
    <>
      <NotificationTabs />
      <ListPage
        title="Sent notifications"
        description="Each notification with how its deliveries stand; open one for every recipient's status and the provider's answer."
        actions={<Button onClick={() => setSending(true)}>Send notification</Button>}
        query={requests}
        empty={
          <EmptyState
            title="Nothing sent yet"
            action={<Button onClick={() => setSending(true)}>Send a notification</Button>}
          >
            Notifications sent by rules, rule chains, escalations or by hand are listed here.
          </EmptyState>
        }
        rowKey={(r) => r.id}
        onRowClick={open}
        columns={[
          { header: "Sent", cell: (r) => formatDateTime(r.createdAt), className: "whitespace-nowrap" },
          {
            header: "Notification",
            cell: (r) => (
              <Link href={`/notifications/sent/${r.id}`} className="font-medium text-slate-900 hover:underline">
                {requestTitle(r)}
              </Link>
            ),
          },
          { header: "Status", cell: (r) => <RequestStatusBadge status={r.status} /> },
          { header: "Deliveries", cell: (r) => statsSummary(r.stats) },
        ]}
        card={(r) => (
          <Link
            href={`/notifications/sent/${r.id}`}
            className="block rounded-lg bg-white p-3 shadow-sm ring-1 ring-slate-200"
          >
            <p className="font-medium">{requestTitle(r)}</p>
            <p className="text-xs text-slate-500">{formatDateTime(r.createdAt)}</p>
            <p className="mt-1 flex items-center gap-2 text-sm">
              <RequestStatusBadge status={r.status} /> {statsSummary(r.stats)}
            </p>
          </Link>
        )}
        paging={{ page, pageSize: PAGE_SIZE, onPage: setPage }}
      >
        <Dialog open={sending} title="Send a notification" onClose={() => setSending(false)}>
          {sending && (
            <SendNowForm onSent={(id) => router.push(`/notifications/sent/${id}`)} onCancel={() => setSending(false)} />
          )}
        </Dialog>
      </ListPage>
    </>
  );
}
