"use client";
import type { RouterOutputs } from "@industryos/api/router";
import { Card, DataTable, PageHeader, QueryView, formatDateTime } from "@industryos/ui";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "../trpc.ts";
import { NotificationTabs } from "./notification-tabs.tsx";
import { requestTitle } from "./sent-page.tsx";
import { CHANNEL_LABELS, DeliveryStatusBadge, RequestStatusBadge, statsSummary } from "./status-badges.tsx";

type Delivery = RouterOutputs["notificationRequests"]["get"]["deliveries"][number];

/** The provider's answer in a line: its message id, or what it said. */
function answerOf(d: Delivery): string {
  const answer = d.providerResponse as Record<string, unknown> | null;
  if (!answer || "attemptStartedAt" in answer) return "";
  const id = answer.id ?? answer.sid ?? answer.ts ?? answer.notificationId;
  if (id) return String(id);
  return answer.status !== undefined ? `HTTP ${String(answer.status)}` : JSON.stringify(answer);
}

/** /notifications/sent/{id}: one notification, and every recipient's delivery (refreshed while it is being sent). */
export function RequestDetailPage({ id }: { id: string }) {
  const trpc = useTRPC();
  const request = useQuery({
    ...trpc.notificationRequests.get.queryOptions({ id }),
    refetchInterval: (query) => (query.state.data?.status === "PROCESSING" ? 1_500 : false),
  });
  return (
    <>
      <NotificationTabs />
      <p className="mb-2 text-sm">
        <Link href="/notifications/sent" className="text-brand-700 hover:underline">
          ← Sent notifications
        </Link>
      </p>
      <QueryView query={request} errorTitle="Could not load this notification">
        {(r) => (
          <>
            <PageHeader
              title={requestTitle(r)}
              description={
                <span className="flex flex-wrap items-center gap-2">
                  <RequestStatusBadge status={r.status} />{" "}
                  <span data-testid="request-stats">{statsSummary(r.stats)}</span> · {formatDateTime(r.createdAt)}
                </span>
              }
            />
            {r.content && (
              <Card title="Text" className="mb-6">
                {r.content.subject && <p className="font-semibold">{r.content.subject}</p>}
                <p className="whitespace-pre-line text-sm">{r.content.body}</p>
              </Card>
            )}
            <h2 className="mb-2 text-sm font-semibold text-slate-800">Deliveries</h2>
            <DataTable
              rows={r.deliveries}
              rowKey={(d) => d.id}
              columns={[
                { header: "Channel", cell: (d) => CHANNEL_LABELS[d.channel] ?? d.channel },
                {
                  header: "Recipient",
                  cell: (d) => <span className="break-all">{d.recipientName ?? d.recipient}</span>,
                },
                { header: "Status", cell: (d) => <DeliveryStatusBadge status={d.status} /> },
                { header: "Attempts", cell: (d) => d.attempts },
                { header: "Provider's answer", cell: (d) => <code className="break-all text-xs">{answerOf(d)}</code> },
                { header: "Error", cell: (d) => <span className="text-red-700">{d.error ?? ""}</span> },
              ]}
            />
            {r.deliveries.length === 0 && (
              <p className="mt-3 text-sm text-slate-500">
                {r.status === "PROCESSING" ? "Finding the recipients…" : "This notification reached nobody."}
              </p>
            )}
          </>
        )}
      </QueryView>
    </>
  );
}
