"use client";
import type { RouterOutputs } from "@industryos/api/router";
import {
  Badge,
  Button,
  EmptyState,
  FILTER_SELECT_CLASS,
  FilterSelect,
  ListPage,
  formatRelativeTime,
  type Column,
} from "@industryos/ui";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useRouter, useSearchParams } from "next/navigation";
import Link from "next/link";
import { useState } from "react";
import { BulkActions } from "../bulk-jobs/bulk-actions.tsx";
import { ClaimDeviceDialog, ReleaseDeviceDialog } from "../provisioning/claim-device-dialog.tsx";
import { useSessionUser } from "../console/session-context.tsx";
import { AlarmCountBadge, countsOf, useAlarmCounts } from "../alarms/device-alarms.tsx";
import { useTRPC } from "../trpc.ts";
import { useDebounced } from "../use-debounced.ts";
import { SaveDeviceFilterButton } from "../device-filters/save-device-filter-button.tsx";
import { CreateDeviceDialog } from "./create-device-dialog.tsx";

type DeviceRow = RouterOutputs["devices"]["list"]["data"][number];

type AlarmCounts = ReturnType<typeof useAlarmCounts>["data"];

/** A checkbox per row for the bulk actions; a click on it does not open the device. */
const selectColumn = (selected: Set<string>, toggle: (id: string) => void): Column<DeviceRow> => ({
  header: "Select",
  cell: (d) => (
    <input
      type="checkbox"
      aria-label={`Select ${d.name}`}
      checked={selected.has(d.id)}
      onClick={(e) => e.stopPropagation()}
      onChange={() => toggle(d.id)}
      className="size-4 rounded border-slate-300"
    />
  ),
});

/** A customer user's way to give a claimed device back. */
const releaseColumn = (release: (d: DeviceRow) => void): Column<DeviceRow> => ({
  header: "",
  cell: (d) => (
    <button
      type="button"
      className="text-xs text-slate-600 hover:underline"
      onClick={(e) => {
        e.stopPropagation();
        release(d);
      }}
    >
      Release
    </button>
  ),
});

/** The columns, with each row's active alarms (one counts call for the page). */
const columnsWith = (alarms: AlarmCounts): Column<DeviceRow>[] => [
  {
    header: "Name",
    cell: (d) => (
      <div>
        {/* A link as well as the row's click: the keyboard reaches a device through it. */}
        <Link
          href={`/devices/${d.id}`}
          onClick={(e) => e.stopPropagation()}
          className="font-medium text-slate-900 hover:underline"
        >
          {d.name}
        </Link>
        {d.gateway && (
          <span className="ml-2">
            <Badge tone="blue">gateway</Badge>
          </span>
        )}
        {d.label && <p className="text-xs text-slate-500">{d.label}</p>}
      </div>
    ),
  },
  { header: "Type", cell: (d) => d.type },
  { header: "Profile", cell: (d) => d.profileName },
  { header: "Customer", cell: (d) => d.customerTitle ?? <span className="text-slate-400">—</span> },
  { header: "State", cell: (d) => (d.active ? <Badge tone="green">active</Badge> : <Badge>inactive</Badge>) },
  {
    header: "Alarms",
    cell: (d) => <AlarmCountBadge counts={countsOf(alarms, d.id)} name={d.name} />,
  },
  {
    header: "Last activity",
    cell: (d) => <span title={d.lastActivityAt ?? undefined}>{formatRelativeTime(d.lastActivityAt)}</span>,
  },
];

const PAGE_SIZE = 20;

export function DevicesPage() {
  const searchParams = useSearchParams();
  const trpc = useTRPC();
  const router = useRouter();
  const user = useSessionUser();
  const [search, setSearch] = useState("");
  const [active, setActive] = useState<"" | "true" | "false">("");
  const [sort, setSort] = useState<"createdAt" | "name" | "lastActivityAt">("createdAt");
  // Other pages link here with a filter, e.g. a customer's "3 devices" → /devices?customerId=…, a profile's → ?profileId=…
  const [profileId, setProfileId] = useState(() => searchParams.get("profileId") ?? "");
  const [customerId, setCustomerId] = useState(() => searchParams.get("customerId") ?? "");
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const [claiming, setClaiming] = useState(false);
  const [releasing, setReleasing] = useState<DeviceRow | null>(null);
  // Kept across pages and filters, so a selection can span them; cleared once a bulk action starts.
  const [selected, setSelected] = useState<Set<string>>(() => new Set());
  const toggle = (id: string) =>
    setSelected((now) => {
      const next = new Set(now);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const debouncedSearch = useDebounced(search);

  const list = useQuery({
    ...trpc.devices.list.queryOptions({
      page,
      pageSize: PAGE_SIZE,
      search: debouncedSearch || undefined,
      active: active === "" ? undefined : active === "true",
      sortBy: sort,
      profileId: profileId || undefined,
      customerId: customerId || undefined,
      sortOrder: sort === "name" ? "asc" : "desc",
    }),
    placeholderData: keepPreviousData,
  });

  const alarmCounts = useAlarmCounts(list.data?.data.map((d) => d.id) ?? []);
  const isAdmin = user.role === "TENANT_ADMIN";
  const filtering = Boolean(debouncedSearch || active || profileId || customerId);
  // Filter choices: only administrators may list profiles and customers.
  const profiles = useQuery({
    ...trpc.deviceProfiles.list.queryOptions({ page: 1, pageSize: 100 }),
    enabled: isAdmin,
  });
  const customers = useQuery({ ...trpc.customers.list.queryOptions({ page: 1, pageSize: 100 }), enabled: isAdmin });

  // What "Save filter" keeps: the search, profile and customer (state and sort are the list's own, not a filter's).
  const savable = {
    ...(debouncedSearch.trim() ? { search: debouncedSearch.trim() } : {}),
    ...(profileId ? { deviceProfileId: profileId } : {}),
    ...(customerId ? { customerId } : {}),
  };

  const filter = (apply: () => void) => {
    apply();
    setPage(1);
  };

  return (
    <ListPage
      title="Devices"
      description="Everything that sends telemetry to this workspace."
      actions={
        isAdmin ? (
          <>
            <Link
              href="/devices/import"
              className="rounded-md bg-white px-3 py-1.5 text-sm font-medium text-slate-700 shadow-sm ring-1 ring-slate-300 hover:bg-slate-50"
            >
              Import CSV
            </Link>
            <Button onClick={() => setCreating(true)}>Add device</Button>
          </>
        ) : (
          <Button onClick={() => setClaiming(true)}>Claim a device</Button>
        )
      }
      notice={
        isAdmin && selected.size > 0 && <BulkActions deviceIds={[...selected]} onClear={() => setSelected(new Set())} />
      }
      search={{
        label: "Search devices",
        placeholder: "Search name, label or type",
        value: search,
        onChange: (value) => filter(() => setSearch(value)),
      }}
      filters={
        <>
          <select
            aria-label="Filter by state"
            value={active}
            onChange={(e) => filter(() => setActive(e.target.value as typeof active))}
            className={FILTER_SELECT_CLASS}
          >
            <option value="">Any state</option>
            <option value="true">Active</option>
            <option value="false">Inactive</option>
          </select>
          {isAdmin && (
            <>
              <FilterSelect
                label="Filter by profile"
                anyLabel="Any profile"
                value={profileId}
                options={profiles.data?.data.map((p) => ({ value: p.id, label: p.name }))}
                onChange={(value) => filter(() => setProfileId(value))}
              />
              <FilterSelect
                label="Filter by customer"
                anyLabel="Any customer"
                value={customerId}
                options={customers.data?.data.map((c) => ({ value: c.id, label: c.title }))}
                onChange={(value) => filter(() => setCustomerId(value))}
              />
            </>
          )}
          <select
            aria-label="Sort by"
            value={sort}
            onChange={(e) => setSort(e.target.value as typeof sort)}
            className={FILTER_SELECT_CLASS}
          >
            <option value="createdAt">Newest first</option>
            <option value="name">Name A–Z</option>
            <option value="lastActivityAt">Recently active</option>
          </select>
          {isAdmin && Object.keys(savable).length > 0 && <SaveDeviceFilterButton criteria={savable} />}
        </>
      }
      query={list}
      loadingLabel="Loading devices…"
      empty={
        filtering ? (
          <EmptyState title="No devices match">Try another search or clear the filters.</EmptyState>
        ) : (
          <EmptyState
            title="No devices yet"
            action={isAdmin && <Button onClick={() => setCreating(true)}>Add your first device</Button>}
          >
            Add a device, then point it at the MQTT or HTTP endpoint with its access token.
          </EmptyState>
        )
      }
      columns={
        isAdmin
          ? [selectColumn(selected, toggle), ...columnsWith(alarmCounts.data)]
          : [...columnsWith(alarmCounts.data), releaseColumn(setReleasing)]
      }
      rowKey={(d) => d.id}
      onRowClick={(d) => router.push(`/devices/${d.id}`)}
      paging={{ page, pageSize: PAGE_SIZE, onPage: setPage }}
    >
      <ClaimDeviceDialog open={claiming} onClose={() => setClaiming(false)} />
      <ReleaseDeviceDialog device={releasing} onClose={() => setReleasing(null)} />
      <CreateDeviceDialog
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(id) => router.push(`/devices/${id}`)}
      />
    </ListPage>
  );
}
