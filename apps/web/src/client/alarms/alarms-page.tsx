"use client";
import type { RouterInputs, RouterOutputs } from "@industryos/api/router";
import {
  ALARM_SEVERITY_ORDER,
  AlarmStatusBadge,
  Button,
  ConfirmDialog,
  EmptyState,
  ListPage,
  SeverityBadge,
  formatDateTime,
  formatRelativeTime,
  severityLabel,
  type Column,
} from "@industryos/ui";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "../trpc.ts";
import { useDebounced } from "../use-debounced.ts";
import { ACTIVE_STATUSES, ALARM_REFRESH_MS, originatorHref } from "./alarm-links.ts";

type Alarm = RouterOutputs["alarms"]["list"]["data"][number];
type Status = NonNullable<Exclude<RouterInputs["alarms"]["list"]["status"], string>>[number];

const PAGE_SIZE = 20;
// Full width on a phone, their own width from `sm` up.
const SELECT = "w-full rounded-md border-0 py-1.5 text-sm ring-1 ring-slate-300 sm:w-auto";

const STATUS_FILTERS: { value: string; label: string; statuses?: Status[] }[] = [
  { value: "active", label: "Active", statuses: ACTIVE_STATUSES },
  { value: "ACTIVE_UNACK", label: "Active, unacknowledged", statuses: ["ACTIVE_UNACK"] },
  { value: "ACTIVE_ACK", label: "Active, acknowledged", statuses: ["ACTIVE_ACK"] },
  { value: "CLEARED_UNACK", label: "Cleared, unacknowledged", statuses: ["CLEARED_UNACK"] },
  { value: "CLEARED_ACK", label: "Cleared, acknowledged", statuses: ["CLEARED_ACK"] },
  { value: "any", label: "Any status" },
];

const RANGES: { value: string; label: string; ms?: number }[] = [
  { value: "any", label: "Any time" },
  { value: "1h", label: "Last hour", ms: 3_600_000 },
  { value: "24h", label: "Last 24 hours", ms: 86_400_000 },
  { value: "7d", label: "Last 7 days", ms: 7 * 86_400_000 },
  { value: "30d", label: "Last 30 days", ms: 30 * 86_400_000 },
];

type Bulk = "ack" | "clear";

/** /alarms: the workspace's alarms, filtered, with bulk Acknowledge and Clear; refreshes every few seconds. */
export function AlarmsPage() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  // The device page links here with ?originatorId=…: only that entity's alarms (and those propagated to it).
  const searchParams = useSearchParams();
  const [originatorId, setOriginatorId] = useState(() => searchParams.get("originatorId") ?? "");
  const [statusFilter, setStatusFilter] = useState("active");
  const [severity, setSeverity] = useState("");
  const [type, setType] = useState("");
  const [search, setSearch] = useState("");
  // The range's start is fixed when chosen: a moving `from` would make every refresh a new query.
  const [range, setRange] = useState<{ value: string; from?: number }>({ value: "any" });
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [confirming, setConfirming] = useState<Bulk | null>(null);
  const debouncedSearch = useDebounced(search);
  const debouncedType = useDebounced(type.trim());

  const statuses = STATUS_FILTERS.find((f) => f.value === statusFilter)?.statuses;
  const alarms = useQuery({
    ...trpc.alarms.list.queryOptions({
      page,
      pageSize: PAGE_SIZE,
      status: statuses,
      severity: severity ? [severity as Alarm["severity"]] : undefined,
      type: debouncedType ? [debouncedType] : undefined,
      search: debouncedSearch || undefined,
      from: range.from,
      originatorId: originatorId ? [originatorId] : undefined,
    }),
    placeholderData: keepPreviousData,
    refetchInterval: ALARM_REFRESH_MS,
  });
  const rows = alarms.data?.data ?? [];
  // Only what is on this page can stay selected (a refresh or another page drops the rest).
  const selectedRows = rows.filter((a) => selected.has(a.id));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.alarms.pathKey() });
  const done = () => {
    setConfirming(null);
    setSelected(new Set());
    void refresh();
  };
  const ackMany = useMutation(trpc.alarms.ackMany.mutationOptions({ onSuccess: done }));
  const clearMany = useMutation(trpc.alarms.clearMany.mutationOptions({ onSuccess: done }));
  const bulk = confirming === "clear" ? clearMany : ackMany;

  const filter = (apply: () => void) => {
    apply();
    setPage(1);
    setSelected(new Set());
  };
  const toggle = (id: string, on: boolean) =>
    setSelected((s) => {
      const next = new Set(s);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const filtering =
    statusFilter !== "active" || Boolean(originatorId || severity || debouncedType || debouncedSearch || range.from);
  const ackable = selectedRows.filter((a) => !a.acknowledged);
  const clearable = selectedRows.filter((a) => !a.cleared);
  const allOnPage = rows.length > 0 && selectedRows.length === rows.length;

  const checkbox = (a: Alarm) => (
    <input
      type="checkbox"
      aria-label={`Select ${a.type} on ${a.originatorName ?? "deleted entity"}`}
      checked={selected.has(a.id)}
      onChange={(e) => toggle(a.id, e.target.checked)}
      onClick={(e) => e.stopPropagation()}
      className="size-4 rounded border-slate-300"
    />
  );
  const originator = (a: Alarm) => {
    const href = originatorHref(a);
    const name = a.originatorName ?? "(deleted)";
    return href ? (
      <Link href={href} onClick={(e) => e.stopPropagation()} className="text-brand-700 hover:underline">
        {name}
      </Link>
    ) : (
      <span>
        {name} <span className="text-xs text-slate-400">{a.originatorType.toLowerCase()}</span>
      </span>
    );
  };

  const columns: Column<Alarm>[] = [
    { header: "Select", cell: checkbox, className: "w-10" },
    { header: "Severity", cell: (a) => <SeverityBadge severity={a.severity} /> },
    {
      header: "Type",
      cell: (a) => (
        <Link href={`/alarms/${a.id}`} className="font-medium text-slate-900 hover:underline">
          {a.type}
        </Link>
      ),
    },
    { header: "Originator", cell: originator },
    { header: "Status", cell: (a) => <AlarmStatusBadge status={a.status} /> },
    {
      header: "Started",
      cell: (a) => <span title={formatDateTime(a.startTs)}>{formatRelativeTime(a.startTs)}</span>,
    },
    {
      header: "Last update",
      cell: (a) => <span title={formatDateTime(a.endTs)}>{formatRelativeTime(a.endTs)}</span>,
    },
  ];

  const card = (a: Alarm) => (
    <div className="flex gap-3 rounded-lg bg-white p-3 shadow-sm ring-1 ring-slate-200" data-alarm-card={a.id}>
      <div className="pt-0.5">{checkbox(a)}</div>
      <div className="min-w-0 flex-1 space-y-1 text-sm">
        <div className="flex flex-wrap items-center gap-2">
          <SeverityBadge severity={a.severity} />
          <Link href={`/alarms/${a.id}`} className="font-medium text-slate-900 hover:underline">
            {a.type}
          </Link>
        </div>
        <p className="text-slate-600">{originator(a)}</p>
        <div className="flex flex-wrap items-center gap-2 text-xs text-slate-500">
          <AlarmStatusBadge status={a.status} />
          <span title={formatDateTime(a.startTs)}>started {formatRelativeTime(a.startTs)}</span>
        </div>
      </div>
    </div>
  );

  return (
    <ListPage
      title="Alarms"
      description="Conditions your rule chains and device profiles raised, newest first. Refreshes every few seconds."
      search={{
        label: "Search alarms",
        placeholder: "Search type or originator",
        value: search,
        onChange: (value) => filter(() => setSearch(value)),
      }}
      filters={
        <>
          <select
            aria-label="Filter by status"
            value={statusFilter}
            onChange={(e) => filter(() => setStatusFilter(e.target.value))}
            className={SELECT}
          >
            {STATUS_FILTERS.map((f) => (
              <option key={f.value} value={f.value}>
                {f.label}
              </option>
            ))}
          </select>
          <select
            aria-label="Filter by severity"
            value={severity}
            onChange={(e) => filter(() => setSeverity(e.target.value))}
            className={SELECT}
          >
            <option value="">Any severity</option>
            {ALARM_SEVERITY_ORDER.map((s) => (
              <option key={s} value={s}>
                {severityLabel(s)}
              </option>
            ))}
          </select>
          <input
            type="text"
            aria-label="Filter by alarm type"
            placeholder="Alarm type, exactly"
            value={type}
            onChange={(e) => filter(() => setType(e.target.value))}
            className="w-full rounded-md border-0 px-3 py-1.5 sm:w-44 text-sm ring-1 ring-slate-300 placeholder:text-slate-400"
          />
          <select
            aria-label="Filter by start time"
            value={range.value}
            onChange={(e) => {
              const ms = RANGES.find((r) => r.value === e.target.value)?.ms;
              filter(() => setRange({ value: e.target.value, from: ms ? Date.now() - ms : undefined }));
            }}
            className={SELECT}
          >
            {RANGES.map((r) => (
              <option key={r.value} value={r.value}>
                {r.label}
              </option>
            ))}
          </select>
          {originatorId && (
            <span className="inline-flex items-center gap-1 rounded-full bg-brand-50 py-1 pl-3 pr-1 text-brand-700 ring-1 ring-brand-100">
              Only {rows.find((a) => a.originatorId === originatorId)?.originatorName ?? "one device"}
              <button
                type="button"
                aria-label="Show the alarms of every originator"
                onClick={() => {
                  filter(() => setOriginatorId(""));
                  router.replace("/alarms");
                }}
                className="rounded-full px-1.5 hover:bg-brand-100"
              >
                ×
              </button>
            </span>
          )}
        </>
      }
      notice={
        rows.length > 0 && (
          <div className="space-y-2">
            {
              <div
                className="flex flex-wrap items-center gap-3 rounded-md bg-white px-3 py-2 text-sm shadow-sm ring-1 ring-slate-200"
                role="toolbar"
                aria-label="Selected alarms"
              >
                <label className="flex items-center gap-2 text-slate-600">
                  <input
                    type="checkbox"
                    checked={allOnPage}
                    onChange={(e) => setSelected(e.target.checked ? new Set(rows.map((a) => a.id)) : new Set())}
                    className="size-4 rounded border-slate-300"
                  />
                  Select all on this page
                </label>
                <span className="text-slate-500" aria-live="polite">
                  {selectedRows.length} selected
                </span>
                <div className="ml-auto flex gap-2">
                  <Button variant="secondary" disabled={ackable.length === 0} onClick={() => setConfirming("ack")}>
                    Acknowledge
                  </Button>
                  <Button variant="secondary" disabled={clearable.length === 0} onClick={() => setConfirming("clear")}>
                    Clear
                  </Button>
                </div>
              </div>
            }
          </div>
        )
      }
      query={alarms}
      loadingLabel="Loading alarms…"
      empty={
        filtering ? (
          <EmptyState title="No alarms match">Try another status, severity, type or time range.</EmptyState>
        ) : (
          <EmptyState title="No active alarms">
            <p className="mx-auto max-w-lg">
              An alarm is a condition that needs someone&apos;s attention, such as a temperature above its limit. Alarms
              are raised by the <b>create alarm</b> node of a rule chain, or by the alarm rules of a device profile (for
              example &ldquo;temperature above 30 for 5 minutes&rdquo;), and cleared the same way or by hand. Cleared
              alarms are under the status filter.
            </p>
          </EmptyState>
        )
      }
      columns={columns}
      card={card}
      rowKey={(a) => a.id}
      onRowClick={(a) => router.push(`/alarms/${a.id}`)}
      paging={{ page, pageSize: PAGE_SIZE, onPage: (p) => filter(() => setPage(p)) }}
    >
      <ConfirmDialog
        open={confirming !== null}
        title={confirming === "clear" ? "Clear alarms" : "Acknowledge alarms"}
        confirmLabel={
          confirming === "clear"
            ? `Clear ${clearable.length} alarm${clearable.length === 1 ? "" : "s"}`
            : `Acknowledge ${ackable.length} alarm${ackable.length === 1 ? "" : "s"}`
        }
        tone={confirming === "clear" ? "danger" : "primary"}
        busy={bulk.isPending}
        error={bulk.error}
        onClose={() => {
          setConfirming(null);
          bulk.reset();
        }}
        onConfirm={() => {
          const ids = (confirming === "clear" ? clearable : ackable).map((a) => a.id);
          if (ids.length) bulk.mutate({ body: { ids } });
        }}
      >
        <p>
          {confirming === "clear"
            ? "Cleared alarms leave the active list; the next time their condition occurs, a new alarm is raised."
            : "Acknowledging tells your team someone is on it; the alarms stay active until cleared."}
        </p>
        <ul className="max-h-40 list-disc overflow-auto pl-5 text-slate-700">
          {(confirming === "clear" ? clearable : ackable).map((a) => (
            <li key={a.id}>
              {a.type} on {a.originatorName ?? "(deleted)"}
            </li>
          ))}
        </ul>
      </ConfirmDialog>
    </ListPage>
  );
}
