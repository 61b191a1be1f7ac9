"use client";
import type { RouterOutputs } from "@industryos/api/router";
import { Button, Card, SelectField, TextField } from "@industryos/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { fieldErrorsOf, formErrorOf } from "../form-errors.ts";
import { useTRPC } from "../trpc.ts";

type Device = RouterOutputs["devices"]["get"];

/** Rename, relabel and assign the device to a customer (its users then see it). */
export function DetailsCard({ device }: { device: Device }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const customers = useQuery(trpc.customers.list.queryOptions({ page: 1, pageSize: 100 }));
  const [saved, setSaved] = useState(false);
  const update = useMutation(
    trpc.devices.update.mutationOptions({
      onSuccess: async () => {
        setSaved(true);
        await queryClient.invalidateQueries({ queryKey: trpc.devices.get.queryKey({ id: device.id }) });
      },
    }),
  );

  const fieldErrors = fieldErrorsOf(update.error);
  const fields = ["name", "type", "label", "customerId"];
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setSaved(false);
    update.mutate({
      id: device.id,
      body: {
        name: String(form.get("name")),
        label: String(form.get("label") ?? "") || null,
        type: String(form.get("type") ?? "") || "default",
        customerId: String(form.get("customerId") ?? "") || null,
      },
    });
  };

  return (
    <Card title="Details">
      <form
        onSubmit={submit}
        className="grid grid-cols-1 gap-3 sm:grid-cols-2"
        key={`${device.name}|${device.customerId}`}
      >
        <TextField label="Name" name="name" defaultValue={device.name} required error={fieldErrors.name} />
        <TextField label="Type" name="type" defaultValue={device.type} error={fieldErrors.type} />
        <TextField label="Label" name="label" defaultValue={device.label ?? ""} error={fieldErrors.label} />
        <SelectField
          label="Customer"
          name="customerId"
          defaultValue={device.customerId ?? ""}
          options={[
            { value: "", label: "— none (only administrators) —" },
            ...(customers.data?.data ?? []).map((c) => ({ value: c.id, label: c.title })),
          ]}
        />
        <div className="flex items-center gap-3 sm:col-span-2">
          <Button type="submit" busy={update.isPending}>
            Save
          </Button>
          {saved && <span className="text-sm text-emerald-700">Saved</span>}
          {formErrorOf(update.error, fields) && (
            <span role="alert" className="text-sm text-red-600">
              {formErrorOf(update.error, fields)}
            </span>
          )}
        </div>
      </form>
    </Card>
  );
}
