"use client";
import { Pagination, SearchInput } from "@industryos/ui";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useDeferredValue, useState } from "react";
import { useTRPC } from "../trpc.ts";

const PAGE_SIZE = 10;

/** A chosen device: its id, and its name to show while it is off the page being looked at. */
export interface PickedDevice {
  id: string;
  name: string;
}

/**
 * The campaign's devices chosen one by one: a search over the devices list operation, a page of
 * checkboxes at a time, and the chosen ones (from any page or search) listed with a way to drop each.
 */
export function DevicePicker({
  selected,
  onChange,
  error,
}: {
  selected: readonly PickedDevice[];
  onChange: (next: PickedDevice[]) => void;
  error?: string;
}) {
  const trpc = useTRPC();
  const [search, setSearch] = useState("");
  const [page, setPage] = useState(1);
  const deferred = useDeferredValue(search.trim());
  const devices = useQuery({
    ...trpc.devices.list.queryOptions({
      page,
      pageSize: PAGE_SIZE,
      sortBy: "name",
      sortOrder: "asc",
      ...(deferred ? { search: deferred } : {}),
    }),
    placeholderData: keepPreviousData,
  });
  const chosen = new Set(selected.map((d) => d.id));
  const toggle = (device: PickedDevice, on: boolean) =>
    onChange(on ? [...selected, device] : selected.filter((d) => d.id !== device.id));
  const rows = devices.data?.data ?? [];

  return (
    <fieldset className="min-w-0 space-y-2">
      <legend className="text-sm font-medium text-slate-700">Devices</legend>
      <SearchInput
        aria-label="Search devices"
        placeholder="Search by name, label or type"
        value={search}
        onChange={(e) => {
          setSearch(e.target.value);
          setPage(1);
        }}
        className="max-w-none"
      />
      <div className="max-h-48 overflow-y-auto rounded-md p-2 ring-1 ring-slate-200" aria-busy={devices.isFetching}>
        {devices.isPending ? (
          <p className="text-sm text-slate-500">Loading devices…</p>
        ) : devices.error ? (
          <p className="text-sm text-red-600">Devices could not be loaded: {devices.error.message}</p>
        ) : rows.length === 0 ? (
          <p className="text-sm text-slate-500">
            {deferred ? `No device matches “${deferred}”.` : "There are no devices yet."}
          </p>
        ) : (
          rows.map((d) => (
            <label key={d.id} className="flex items-center gap-2 py-0.5 text-sm text-slate-700">
              <input
                type="checkbox"
                checked={chosen.has(d.id)}
                onChange={(e) => toggle({ id: d.id, name: d.name }, e.target.checked)}
              />
              <span className="truncate">{d.name}</span>
              {d.type && <span className="text-xs text-slate-400">{d.type}</span>}
            </label>
          ))
        )}
      </div>
      {devices.data && devices.data.total > PAGE_SIZE && (
        <Pagination page={page} pageSize={PAGE_SIZE} total={devices.data.total} onPage={setPage} />
      )}
      {selected.length > 0 ? (
        <div className="space-y-1">
          <p className="text-xs text-slate-600">
            {selected.length} {selected.length === 1 ? "device" : "devices"} chosen
          </p>
          <ul className="flex flex-wrap gap-1" aria-label="Chosen devices">
            {selected.map((d) => (
              <li
                key={d.id}
                className="flex items-center gap-1 rounded bg-slate-100 px-2 py-0.5 text-xs text-slate-700"
              >
                {d.name}
                <button
                  type="button"
                  aria-label={`Remove ${d.name}`}
                  className="text-slate-500 hover:text-red-600"
                  onClick={() => toggle(d, false)}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {error ? (
        <p className="text-xs text-red-600">{error}</p>
      ) : selected.length === 0 ? (
        <p className="text-xs text-slate-500">Choose the devices to update.</p>
      ) : null}
    </fieldset>
  );
}
