"use client";
import { ConfirmDialog, EmptyState, ListPage, RowDeleteButton, formatDateTime } from "@industryos/ui";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useTRPC } from "../trpc.ts";
import { useDebounced } from "../use-debounced.ts";
import { RenameButton } from "../entities/rename-button.tsx";
import { useDeleteDialog } from "../use-delete-dialog.ts";
import { criteriaInWords } from "./criteria-in-words.ts";
import { MatchedCount } from "./matched-count.tsx";

const PAGE_SIZE = 20;

/** Renames one saved filter (a taken name is refused under the field); its criteria stay. */
function RenameFilter({ filter, onRenamed }: { filter: { id: string; name: string }; onRenamed: () => void }) {
  const trpc = useTRPC();
  const update = useMutation(trpc.deviceFilters.update.mutationOptions({ onSuccess: onRenamed }));
  return (
    <RenameButton
      noun="filter"
      name={filter.name}
      rename={{
        run: (name, options) => update.mutate({ id: filter.id, body: { name } }, options),
        reset: update.reset,
        isPending: update.isPending,
        error: update.error,
      }}
    />
  );
}

/** /device-filters: the tenant's saved device filters, what each matches now; saved from the devices list. */
export function DeviceFiltersPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [page, setPage] = useState(1);
  const [search, setSearch] = useState("");
  const debounced = useDebounced(search);
  const filters = useQuery({
    ...trpc.deviceFilters.list.queryOptions({ page, pageSize: PAGE_SIZE, search: debounced || undefined }),
    placeholderData: keepPreviousData,
  });
  // Names for the criteria's ids.
  const profiles = useQuery(trpc.deviceProfiles.list.queryOptions({ page: 1, pageSize: 100 }));
  const customers = useQuery(trpc.customers.list.queryOptions({ page: 1, pageSize: 100 }));
  const names = {
    profiles: new Map((profiles.data?.data ?? []).map((p) => [p.id, p.name])),
    customers: new Map((customers.data?.data ?? []).map((c) => [c.id, c.title])),
  };
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trpc.deviceFilters.pathKey() });
  const deletion = useDeleteDialog(
    (options) => trpc.deviceFilters.delete.mutationOptions(options),
    (close) => {
      close();
      refresh();
    },
  );
  const toDevices = (
    <Link href="/devices" className="font-medium text-brand-700 underline">
      devices list
    </Link>
  );

  return (
    <ListPage
      title="Device filters"
      description={
        <>
          Saved filters of the {toDevices}. An OTA campaign can target one: it takes the devices matching when it
          starts.
        </>
      }
      search={{
        label: "Search filters",
        placeholder: "Search by name",
        value: search,
        onChange: (value) => {
          setSearch(value);
          setPage(1);
        },
      }}
      query={filters}
      loadingLabel="Loading filters…"
      empty={
        debounced ? (
          <EmptyState title="No filters match">Try another name.</EmptyState>
        ) : (
          <EmptyState title="No saved filters yet">
            Filter the {toDevices} by search, profile or customer, then choose “Save filter”.
          </EmptyState>
        )
      }
      rowKey={(f) => f.id}
      paging={{ page, pageSize: PAGE_SIZE, onPage: setPage }}
      columns={[
        { header: "Name", cell: (f) => <span className="font-medium">{f.name}</span> },
        {
          header: "Matches",
          cell: (f) => <span className="text-slate-600">{criteriaInWords(f.criteria, names)}</span>,
        },
        { header: "Devices", cell: (f) => <MatchedCount filterId={f.id} /> },
        { header: "Saved", cell: (f) => formatDateTime(f.updatedAt) },
        {
          header: "",
          cell: (f) => (
            <span className="flex items-center justify-end gap-3">
              <RenameFilter filter={f} onRenamed={refresh} />
              <RowDeleteButton onClick={() => deletion.ask(f)} />
            </span>
          ),
        },
      ]}
    >
      <ConfirmDialog {...deletion.dialog} title={`Delete “${deletion.asked?.name}”?`} confirmLabel="Delete">
        Campaigns already started over it keep their devices and show the filter as it was.
      </ConfirmDialog>
    </ListPage>
  );
}
