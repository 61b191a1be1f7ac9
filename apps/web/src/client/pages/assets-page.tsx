"use client";
import type { RouterOutputs } from "@industryos/api/router";
import {
  Button,
  Dialog,
  EmptyState,
  FilterSelect,
  ListNotice,
  ListPage,
  TextField,
  formatDateTime,
  type Column,
} from "@industryos/ui";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useSessionUser } from "../console/session-context.tsx";
import { FormError } from "../form-error.tsx";
import { fieldErrorsOf } from "../form-errors.ts";
import { useTRPC } from "../trpc.ts";
import { useDebounced } from "../use-debounced.ts";
import { useConfirmAction } from "../use-confirm-action.tsx";

type Asset = RouterOutputs["assets"]["list"]["data"][number];
const PAGE_SIZE = 20;

export function AssetsPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const user = useSessionUser();
  const isAdmin = user.role === "TENANT_ADMIN";
  const searchParams = useSearchParams();
  const [search, setSearch] = useState("");
  // An asset profile's page links here with its filter: /assets?profileId=…
  const [profileId, setProfileId] = useState(() => searchParams.get("profileId") ?? "");
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState(false);
  const debounced = useDebounced(search);
  const assets = useQuery({
    ...trpc.assets.list.queryOptions({
      page,
      pageSize: PAGE_SIZE,
      search: debounced || undefined,
      profileId: profileId || undefined,
    }),
    placeholderData: keepPreviousData,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.assets.list.queryKey() });
  const create = useMutation(
    trpc.assets.create.mutationOptions({
      onSuccess: () => {
        setOpen(false);
        void refresh();
      },
    }),
  );
  const update = useMutation(trpc.assets.update.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.assets.delete.mutationOptions({ onSuccess: refresh }));
  const confirmDelete = useConfirmAction({
    title: (a: { id: string; name: string }) => `Delete ${a.name}?`,
    body: () => "Its relations go with it; the devices it contains stay.",
    confirmLabel: "Delete asset",
    action: (a) => remove.mutateAsync({ id: a.id }),
  });
  // Filter choices: only administrators may list profiles and customers.
  const profiles = useQuery({ ...trpc.assetProfiles.list.queryOptions({ page: 1, pageSize: 100 }), enabled: isAdmin });
  const customers = useQuery({ ...trpc.customers.list.queryOptions({ page: 1, pageSize: 100 }), enabled: isAdmin });
  const fieldErrors = fieldErrorsOf(create.error);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    create.mutate({ body: { name: String(form.get("name")), type: String(form.get("type") ?? "") || undefined } });
  };

  const columns: Column<Asset>[] = [
    {
      header: "Name",
      cell: (a) => (
        <Link href={`/assets/${a.id}`} className="font-medium text-brand-700 hover:underline">
          {a.name}
        </Link>
      ),
    },
    { header: "Type", cell: (a) => a.type },
    { header: "Profile", cell: (a) => a.profileName },
    {
      header: "Customer",
      cell: (a) =>
        isAdmin ? (
          <select
            aria-label={`Customer of ${a.name}`}
            value={a.customerId ?? ""}
            onChange={(e) => update.mutate({ id: a.id, body: { customerId: e.target.value || null } })}
            className="rounded-md border-0 py-1 text-sm ring-1 ring-slate-200"
          >
            <option value="">—</option>
            {customers.data?.data.map((c) => (
              <option key={c.id} value={c.id}>
                {c.title}
              </option>
            ))}
          </select>
        ) : (
          (a.customerTitle ?? "—")
        ),
    },
    { header: "Created", cell: (a) => formatDateTime(a.createdAt) },
  ];
  if (isAdmin) {
    columns.push({
      header: "",
      cell: (a) => (
        <button type="button" className="text-xs text-red-600 hover:underline" onClick={() => confirmDelete.ask(a)}>
          Delete
        </button>
      ),
    });
  }

  return (
    <ListPage
      title="Assets"
      description="Buildings, lines, vehicles: the things your devices belong to."
      actions={isAdmin && <Button onClick={() => setOpen(true)}>Add asset</Button>}
      search={{
        label: "Search assets",
        value: search,
        onChange: (value) => {
          setSearch(value);
          setPage(1);
        },
      }}
      filters={
        isAdmin && (
          <FilterSelect
            label="Filter by profile"
            anyLabel="Any profile"
            value={profileId}
            options={profiles.data?.data.map((p) => ({ value: p.id, label: p.name }))}
            onChange={(value) => {
              setProfileId(value);
              setPage(1);
            }}
          />
        )
      }
      notice={<ListNotice error={update.error ?? remove.error} />}
      query={assets}
      empty={<EmptyState title={debounced || profileId ? "No assets match" : "No assets yet"} />}
      columns={columns}
      rowKey={(a) => a.id}
      paging={{ page, pageSize: PAGE_SIZE, onPage: setPage }}
    >
      {confirmDelete.dialog}
      <Dialog open={open} title="Add an asset" onClose={() => setOpen(false)}>
        <form onSubmit={submit} className="space-y-4">
          <TextField label="Name" name="name" required error={fieldErrors.name} />
          <TextField label="Type" name="type" placeholder="building" error={fieldErrors.type} />
          <FormError error={create.error} fields={["name", "type"]} />
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button type="submit" busy={create.isPending}>
              Add asset
            </Button>
          </div>
        </form>
      </Dialog>
    </ListPage>
  );
}
