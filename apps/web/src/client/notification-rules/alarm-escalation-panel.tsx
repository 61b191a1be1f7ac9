"use client";
import type { RouterOutputs } from "@industryos/api/router";
import { Badge, Card, QueryView, formatDateTime, formatRelativeTime } from "@industryos/ui";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "../trpc.ts";

type Escalation = RouterOutputs["alarmEscalations"]["list"]["data"][number];

const STATUS_WORDS: Record<Escalation["status"], { label: string; tone: string }> = {
  RUNNING: { label: "Escalating", tone: "bg-amber-100 text-amber-800" },
  ACKNOWLEDGED: { label: "Stopped: acknowledged", tone: "bg-green-100 text-green-800" },
  CLEARED: { label: "Stopped: cleared", tone: "bg-green-100 text-green-800" },
  COMPLETED: { label: "All levels sent", tone: "bg-slate-100 text-slate-700" },
  CANCELLED: { label: "Stopped: policy off or removed", tone: "bg-slate-100 text-slate-700" },
};

const REQUEST_WORDS: Record<string, string> = { PROCESSING: "sending", SENT: "sent", FAILED: "failed" };

/** One escalation: where it stands, when the next level is due, and each notification it sent. */
function EscalationView({ escalation: e, linkRequests }: { escalation: Escalation; linkRequests: boolean }) {
  const status = STATUS_WORDS[e.status];
  return (
    <li className="space-y-2" data-testid="alarm-escalation">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="font-medium text-slate-800">{e.policyName}</p>
        <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${status.tone}`}>{status.label}</span>
      </div>
      <p className="text-sm text-slate-600">
        {e.currentLevel < 0 ? "No level reached yet" : `Level ${e.currentLevel + 1} of ${e.levelCount} notified`}
        {e.status === "RUNNING" && e.nextLevelAt && (
          <>
            {" "}
            · next <span title={formatDateTime(e.nextLevelAt)}>{formatRelativeTime(e.nextLevelAt)}</span>
          </>
        )}
      </p>
      {e.sent.length > 0 && (
        <ol className="space-y-1 border-l-2 border-slate-100 pl-3 text-sm" aria-label={`Sent by ${e.policyName}`}>
          {e.sent.map((s) => (
            <li key={s.requestId} className="flex flex-wrap items-center gap-x-2">
              <span className="text-slate-700">
                Level {s.level + 1}
                {s.repeat > 0 ? `, repeat ${s.repeat}` : ""}
              </span>
              <span className="text-xs text-slate-400">{formatDateTime(s.at)}</span>
              <span className="text-xs text-slate-500">
                to {s.targetIds.length} target{s.targetIds.length === 1 ? "" : "s"}
              </span>
              {s.status && <Badge>{REQUEST_WORDS[s.status] ?? s.status.toLowerCase()}</Badge>}
              {linkRequests && (
                <Link href={`/notifications/sent/${s.requestId}`} className="text-xs text-brand-700 hover:underline">
                  deliveries
                </Link>
              )}
            </li>
          ))}
        </ol>
      )}
    </li>
  );
}

/**
 * The alarm page's "Escalation" panel: each escalation policy the alarm matched, where it stands and what was
 * sent; refreshed while one runs. Nothing at all when no policy matched (most alarms).
 */
export function AlarmEscalationPanel({ alarmId, linkRequests }: { alarmId: string; linkRequests: boolean }) {
  const trpc = useTRPC();
  const escalations = useQuery({
    ...trpc.alarmEscalations.list.queryOptions({ id: alarmId }),
    refetchInterval: (query) => (query.state.data?.data.some((e) => e.status === "RUNNING") ? 5_000 : false),
  });
  if (escalations.data?.data.length === 0) return null;
  return (
    <Card title="Escalation">
      <QueryView query={escalations} loadingLabel="Loading escalations…">
        {(list) => (
          <ul className="space-y-4 divide-y divide-slate-100 [&>li:not(:first-child)]:pt-4">
            {list.data.map((e) => (
              <EscalationView key={e.id} escalation={e} linkRequests={linkRequests} />
            ))}
          </ul>
        )}
      </QueryView>
    </Card>
  );
}
