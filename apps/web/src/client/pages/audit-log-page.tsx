"use client";
import { Badge, EmptyState, ListPage, RowCardText, formatDateTime } from "@industryos/ui";
import type { RouterOutputs } from "@industryos/api/router";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "../trpc.ts";

const ENTITY_TYPES = ["", "DEVICE", "ASSET", "CUSTOMER", "USER", "API_KEY", "DEVICE_PROFILE", "TENANT"] as const;
const RANGES = { "": "Any time", "1h": "Last hour", "24h": "Last 24 hours", "7d": "Last 7 days" } as const;
const RANGE_MS = { "1h": 3600_000, "24h": 86_400_000, "7d": 7 * 86_400_000 } as const;
const PAGE_SIZE = 25;
const SELECT = "rounded-md border-0 py-1.5 ring-1 ring-slate-300";

type Entry = RouterOutputs["auditLogs"]["list"]["data"][number];

// Each in words, for the table's cells and the phone's cards alike.
const who = (l: Entry) => l.userEmail ?? "system";
const action = (l: Entry) => l.actionType.replaceAll("_", " ").toLowerCase();
const entity = (l: Entry) =>
  l.entityType ? `${l.entityType.replace("_", " ").toLowerCase()} ${l.entityName ?? ""}` : "—";
const result = (l: Entry) =>
  l.status === "SUCCESS" ? <Badge tone="green">ok</Badge> : <Badge tone="red">{l.failureDetails ?? "failed"}</Badge>;

export function AuditLogPage() {
  const trpc = useTRPC();
  const [page, setPage] = useState(1);
  const [entityType, setEntityType] = useState<(typeof ENTITY_TYPES)[number]>("");
  const [range, setRange] = useState<keyof typeof RANGES>("");
  const [actionType, setActionType] = useState("");
  const [userId, setUserId] = useState("");
  const users = useQuery(trpc.users.list.queryOptions({ page: 1, pageSize: 100 }));
  const [now] = useState(() => Date.now());
  const logs = useQuery({
    ...trpc.auditLogs.list.queryOptions({
      page,
      pageSize: PAGE_SIZE,
      entityType: entityType || undefined,
      userId: userId || undefined,
      actionType: actionType || undefined,
      from: range ? new Date(now - RANGE_MS[range]) : undefined,
    }),
    placeholderData: keepPreviousData,
  });

  return (
    <ListPage
      title="Audit log"
      description="Who changed what, and when."
      filters={
        <>
          <select
            aria-label="Entity type"
            value={entityType}
            onChange={(e) => {
              setEntityType(e.target.value as typeof entityType);
              setPage(1);
            }}
            className={SELECT}
          >
            {ENTITY_TYPES.map((t) => (
              <option key={t} value={t}>
                {t ? t.replace("_", " ").toLowerCase() : "Any entity"}
              </option>
            ))}
          </select>
          <select
            aria-label="Action"
            value={actionType}
            onChange={(e) => {
              setActionType(e.target.value);
              setPage(1);
            }}
            className={SELECT}
          >
            {["", "ADDED", "UPDATED", "DELETED", "LOGIN", "CREDENTIALS_UPDATED", "ATTRIBUTES_UPDATED", "RPC_CALL"].map(
              (a) => (
                <option key={a} value={a}>
                  {a ? a.replace("_", " ").toLowerCase() : "Any action"}
                </option>
              ),
            )}
          </select>
          <select
            aria-label="User"
            value={userId}
            onChange={(e) => {
              setUserId(e.target.value);
              setPage(1);
            }}
            className={SELECT}
          >
            <option value="">Anyone</option>
            {users.data?.data.map((u) => (
              <option key={u.id} value={u.id}>
                {u.email}
              </option>
            ))}
          </select>
          <select
            aria-label="Time"
            value={range}
            onChange={(e) => {
              setRange(e.target.value as keyof typeof RANGES);
              setPage(1);
            }}
            className={SELECT}
          >
            {Object.entries(RANGES).map(([v, l]) => (
              <option key={v} value={v}>
                {l}
              </option>
            ))}
          </select>
        </>
      }
      query={logs}
      empty={<EmptyState title="Nothing recorded for these filters" />}
      rowKey={(l) => l.id}
      paging={{ page, pageSize: PAGE_SIZE, onPage: setPage }}
      columns={[
        { header: "When", cell: (l) => formatDateTime(l.createdAt) },
        { header: "Who", cell: who },
        { header: "Action", cell: (l) => <span className="font-medium">{action(l)}</span> },
        { header: "Entity", cell: entity },
        { header: "Result", cell: result },
      ]}
      card={(l) => (
        <RowCardText name={l.entityType ? `${action(l)} · ${entity(l)}` : action(l)}>
          <p className="text-xs text-slate-500">
            {formatDateTime(l.createdAt)} · <span className="break-all">{who(l)}</span>
          </p>
          {l.status !== "SUCCESS" && <p className="mt-1 text-sm">{result(l)}</p>}
        </RowCardText>
      )}
    />
  );
}
