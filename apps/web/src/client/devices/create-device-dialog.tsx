"use client";
import { Button, Dialog, TextField } from "@industryos/ui";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { FormEvent } from "react";
import { FormError } from "../form-error.tsx";
import { fieldErrorsOf } from "../form-errors.ts";
import { useTRPC } from "../trpc.ts";

export function CreateDeviceDialog({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (id: string) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const create = useMutation(
    trpc.devices.create.mutationOptions({
      onSuccess: async (device) => {
        await queryClient.invalidateQueries({ queryKey: trpc.devices.list.queryKey() });
        onClose();
        onCreated(device.id);
      },
    }),
  );

  const fieldErrors = fieldErrorsOf(create.error);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    create.mutate({
      body: {
        name: String(form.get("name") ?? ""),
        type: String(form.get("type") ?? "") || undefined,
        label: String(form.get("label") ?? "") || undefined,
        gateway: form.get("gateway") === "on",
      },
    });
  };

  return (
    <Dialog open={open} title="Add a device" onClose={onClose}>
      <form onSubmit={submit} className="space-y-4">
        <TextField
          label="Name"
          name="name"
          required
          autoFocus
          placeholder="Boiler room sensor"
          hint="Unique in this workspace."
          error={fieldErrors.name}
        />
        <TextField
          label="Type"
          name="type"
          placeholder="thermometer"
          hint="Free text, used for filtering. Defaults to “default”."
          error={fieldErrors.type}
        />
        <TextField label="Label" name="label" placeholder="Building A, floor 2" error={fieldErrors.label} />
        <label className="flex items-center gap-2 text-sm text-slate-700">
          <input type="checkbox" name="gateway" className="rounded border-slate-300" /> This device is a gateway for
          other devices
        </label>
        <FormError error={create.error} fields={["name", "type", "label"]} />
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" busy={create.isPending}>
            Add device
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
