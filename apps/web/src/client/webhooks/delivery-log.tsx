"use client";
import {
  Badge,
  Button,
  Card,
  DataTable,
  EmptyState,
  ListNotice,
  Pagination,
  QueryView,
  SelectField,
  formatDateTime,
  formatRelativeTime,
} from "@industryos/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "../trpc.ts";
import { answerWording, DELIVERY_TONES, DELIVERY_WORDS } from "./webhook-wording.ts";

const STATUSES = ["", "SUCCEEDED", "RETRYING", "FAILED", "PENDING"] as const;

/**
 * A webhook's deliveries, newest first: event, status, attempts, the last answer (status code and
 * duration) or error, the next attempt, and Redeliver. Read again every 3 s while any is still
 * being sent or retried, so an attempt's outcome shows without reloading.
 */
export function DeliveryLog({ webhookId, enabled }: { webhookId: string; enabled: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [page, setPage] = useState(1);
  const [status, setStatus] = useState<(typeof STATUSES)[number]>("");
  const input = { id: webhookId, page, pageSize: 20, ...(status ? { status } : {}) };
  const deliveries = useQuery({
    ...trpc.webhooks.deliveries.queryOptions(input),
    refetchInterval: (query) =>
      query.state.data?.data.some((d) => d.status === "PENDING" || d.status === "RETRYING") ? 3_000 : false,
  });
  const [redelivered, setRedelivered] = useState<string | null>(null);
  const redeliver = useMutation(
    trpc.webhooks.redeliver.mutationOptions({
      onSuccess: (d) => {
        setRedelivered(d.id);
        void queryClient.invalidateQueries({ queryKey: trpc.webhooks.deliveries.queryKey() });
      },
    }),
  );

  return (
    <Card
      title="Deliveries"
      actions={
        <SelectField
          label="Status"
          value={status}
          onChange={(e) => {
            setStatus(e.target.value as (typeof STATUSES)[number]);
            setPage(1);
          }}
          options={STATUSES.map((s) => ({ value: s, label: s ? DELIVERY_WORDS[s] : "all" }))}
        />
      }
    >
      <div className="mb-2 space-y-1">
        <ListNotice error={redeliver.error} />
        {redelivered && !redeliver.error && (
          <p role="status" className="text-sm text-slate-600">
            Sent again: its outcome shows here in a moment.
          </p>
        )}
      </div>
      <QueryView
        query={deliveries}
        loadingLabel="Loading deliveries…"
        isEmpty={(d) => d.total === 0}
        empty={
          <EmptyState title="No deliveries yet">
            Events this webhook subscribes to show here as they are sent. “Send test event” sends one now.
          </EmptyState>
        }
      >
        {(list) => (
          <>
            <DataTable
              rows={list.data}
              rowKey={(d) => d.id}
              columns={[
                {
                  header: "Event",
                  cell: (d) => (
                    <span className="block whitespace-nowrap">
                      <code className="text-xs">{d.eventType}</code>
                      <span className="block text-xs text-slate-500">{formatDateTime(d.createdAt)}</span>
                    </span>
                  ),
                },
                {
                  header: "Status",
                  cell: (d) => <Badge tone={DELIVERY_TONES[d.status]}>{DELIVERY_WORDS[d.status]}</Badge>,
                },
                { header: "Attempts", cell: (d) => d.attempts },
                {
                  header: "Last answer",
                  cell: (d) => (
                    <span className="block max-w-xs">
                      {d.attempts > 0 ? answerWording(d.lastStatusCode, d.lastDurationMs) : "—"}
                      {d.lastError && <span className="block text-xs break-words text-red-700">{d.lastError}</span>}
                    </span>
                  ),
                },
                {
                  header: "Next attempt",
                  cell: (d) => (d.nextAttemptAt ? formatRelativeTime(d.nextAttemptAt) : "—"),
                },
                {
                  header: "",
                  cell: (d) => (
                    <Button
                      variant="secondary"
                      disabled={!enabled || d.status === "RETRYING"}
                      busy={redeliver.isPending && redeliver.variables?.deliveryId === d.id}
                      onClick={() => redeliver.mutate({ id: webhookId, deliveryId: d.id })}
                    >
                      Redeliver
                    </Button>
                  ),
                },
              ]}
            />
            <Pagination page={page} pageSize={20} total={list.total} onPage={setPage} />
          </>
        )}
      </QueryView>
    </Card>
  );
}
