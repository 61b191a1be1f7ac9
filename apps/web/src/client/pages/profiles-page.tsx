"use client";
import { Badge, Button, Dialog, EmptyState, ListNotice, ListPage, TextField, formatDateTime } from "@industryos/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { FormError } from "../form-error.tsx";
import { fieldErrorsOf } from "../form-errors.ts";
import { useTRPC } from "../trpc.ts";
import { ProvisioningDialog } from "../provisioning/provisioning-dialog.tsx";
import { PayloadTypeDialog, type PayloadTypeProfile } from "../profiles/payload-type-dialog.tsx";

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
  // Device profiles carry the firmware and software their devices get unless a device has its own.
  const packages = useQuery({
    ...trpc.otaPackages.list.queryOptions({ page: 1, pageSize: 100 }),
    enabled: kind === "device",
  });
  const assign = useMutation(trpc.deviceProfiles.update.mutationOptions({ onSuccess: refresh }));
  const [provisioningOf, setProvisioningOf] = useState<{ id: string; name: string } | null>(null);
  const [payloadTypeOf, setPayloadTypeOf] = useState<PayloadTypeProfile | null>(null);

  const fieldErrors = fieldErrorsOf(create.error);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    create.mutate({
      body: { name: String(form.get("name")), description: String(form.get("description") ?? "") || null },
    });
  };

  return (
    <ListPage
      title={text.title}
      description={text.description}
      actions={<Button onClick={() => setOpen(true)}>Add profile</Button>}
      notice={<ListNotice error={remove.error ?? assign.error} />}
      query={profiles}
      empty={<EmptyState title="No profiles" />}
      rowKey={(p) => p.id}
      columns={[
        {
          header: "Name",
          cell: (p) => (
            <span>
              <Link href={`/${kind}-profiles/${p.id}`} className="font-medium text-brand-700 hover:underline">
                {p.name}
              </Link>{" "}
              {p.isDefault && <Badge tone="blue">default</Badge>}
            </span>
          ),
        },
        { header: "Description", cell: (p) => p.description ?? "—" },
        ...(kind === "device"
          ? (["FIRMWARE", "SOFTWARE"] as const).map((type) => ({
              header: type === "FIRMWARE" ? "Firmware" : "Software",
              cell: (p: { id: string; name: string; firmwareId?: string | null; softwareId?: string | null }) => {
                const field = type === "FIRMWARE" ? "firmwareId" : "softwareId";
                return (
                  <select
                    aria-label={`${type === "FIRMWARE" ? "Firmware" : "Software"} of ${p.name}`}
                    className="rounded-md border-slate-300 text-sm"
                    value={p[field] ?? ""}
                    disabled={assign.isPending}
                    // The profiles' shared operation factory types the body by its common fields; firmwareId and
                    // softwareId are a device profile's.
                    onChange={(e) => assign.mutate({ id: p.id, body: { [field]: e.target.value || null } as never })}
                  >
                    <option value="">None</option>
                    {(packages.data?.data ?? [])
                      .filter((f) => f.type === type && (!f.deviceProfileId || f.deviceProfileId === p.id))
                      .map((f) => (
                        <option key={f.id} value={f.id}>
                          {f.title} {f.version}
                        </option>
                      ))}
                  </select>
                );
              },
            }))
          : []),
        ...(kind === "device"
          ? [
              {
                header: "Provisioning",
                cell: (p: { id: string; name: string }) => (
                  <button
                    type="button"
                    className="text-xs text-brand-700 hover:underline"
                    onClick={() => setProvisioningOf({ id: p.id, name: p.name })}
                  >
                    Provisioning…
                  </button>
                ),
              },
            ]
          : []),
        ...(kind === "device"
          ? [
              {
                header: "Payload",
                cell: (p: PayloadTypeProfile) => (
                  <button
                    type="button"
                    aria-label={`Payload type of ${p.name}`}
                    className="text-xs text-brand-700 hover:underline"
                    onClick={() => setPayloadTypeOf(p)}
                  >
                    {p.transportConfig?.payloadType === "PROTOBUF" ? "Protobuf…" : "JSON…"}
                  </button>
                ),
              },
            ]
          : []),
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
    >
      {kind === "device" && <ProvisioningDialog profile={provisioningOf} onClose={() => setProvisioningOf(null)} />}
      {kind === "device" && <PayloadTypeDialog profile={payloadTypeOf} onClose={() => setPayloadTypeOf(null)} />}
      <Dialog open={open} title={text.add} onClose={() => setOpen(false)}>
        <form onSubmit={submit} className="space-y-4">
          <TextField label="Name" name="name" required error={fieldErrors.name} />
          <TextField label="Description" name="description" error={fieldErrors.description} />
          <FormError error={create.error} fields={["name", "description"]} />
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
    </ListPage>
  );
}
