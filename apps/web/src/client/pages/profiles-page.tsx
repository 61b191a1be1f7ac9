"use client";
import {
  Badge,
  Button,
  DataTable,
  Dialog,
  EmptyState,
  PageHeader,
  QueryView,
  TextField,
  formatDateTime,
} from "@industryos/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useTRPC } from "../trpc.ts";

const TEXT = {
  device: {
    title: "Device profiles",
    description: "Shared settings of a kind of device.",
    add: "Add a device profile",
  },
  asset: {
    title: "Asset profiles",
    description: "Shared settings of a kind of asset: sites, lines, buildings.",
    add: "Add an asset profile",
  },
} as const;

/** Device and asset profiles share one page: the same service, a different `kind`. */
export function ProfilesPage({ kind }: { kind: "device" | "asset" }) {
  const text = TEXT[kind];
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const api = kind === "device" ? trpc.deviceProfiles : trpc.assetProfiles;
  const profiles = useQuery(api.list.queryOptions({ page: 1, pageSize: 100 }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: api.list.queryKey() });
  const [open, setOpen] = useState(false);
  const create = useMutation(
    api.create.mutationOptions({
      onSuccess: () => {
        setOpen(false);
        void refresh();
      },
    }),
  );
  const remove = useMutation(api.delete.mutationOptions({ onSuccess: refresh }));

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    create.mutate({
      body: { name: String(form.get("name")), description: String(form.get("description") ?? "") || null },
    });
  };

  return (
    <>
      <PageHeader
        title={text.title}
        description={text.description}
        actions={<Button onClick={() => setOpen(true)}>Add profile</Button>}
      />
      <QueryView query={profiles} isEmpty={(d) => d.total === 0} empty={<EmptyState title="No profiles" />}>
        {(list) => (
          <DataTable
            rows={list.data}
            rowKey={(p) => p.id}
            columns={[
              {
                header: "Name",
                cell: (p) => (
                  <span className="font-medium">
                    {p.name} {p.isDefault && <Badge tone="blue">default</Badge>}
                  </span>
                ),
              },
              { header: "Description", cell: (p) => p.description ?? "—" },
              { header: "Created", cell: (p) => formatDateTime(p.createdAt) },
              {
                header: "",
                cell: (p) =>
                  !p.isDefault && (
                    <button
                      type="button"
                      className="text-xs text-red-600 hover:underline"
                      onClick={() => remove.mutate({ id: p.id })}
                    >
                      Delete
                    </button>
                  ),
              },
            ]}
          />
        )}
      </QueryView>
      {remove.error && (
        <p role="alert" className="mt-3 text-sm text-red-600">
          {remove.error.message}
        </p>
      )}
      <Dialog open={open} title={text.add} onClose={() => setOpen(false)}>
        <form onSubmit={submit} className="space-y-4">
          <TextField label="Name" name="name" required />
          <TextField label="Description" name="description" />
          {create.error && (
            <p role="alert" className="text-sm text-red-600">
              {create.error.message}
            </p>
          )}
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button type="submit" busy={create.isPending}>
              Add profile
            </Button>
          </div>
        </form>
      </Dialog>
    </>
  );
}
