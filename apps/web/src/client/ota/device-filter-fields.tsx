"use client";
import { SelectField, TextField } from "@industryos/ui";
import { useQuery } from "@tanstack/react-query";
import { useDeferredValue } from "react";
import { useTRPC } from "../trpc.ts";

/** The campaign API's `{filter}` target: every field optional, the devices matching all of those given. */
export interface DeviceFilter {
  deviceProfileId: string;
  type: string;
  customerId: string;
  search: string;
}
export const EMPTY_FILTER: DeviceFilter = { deviceProfileId: "", type: "", customerId: "", search: "" };

/** The filter as the API takes it: empty fields left out. */
export function filterBody(f: DeviceFilter) {
  const trimmed = { ...f, type: f.type.trim(), search: f.search.trim() };
  return Object.fromEntries(Object.entries(trimmed).filter(([, v]) => v !== "")) as Partial<DeviceFilter>;
}

/**
 * The filter's fields and how many devices it matches now (the devices list operation filters the same way the
 * campaign does when it starts; the campaign takes the devices matching then).
 */
export function DeviceFilterFields({
  value,
  onChange,
  profiles,
  errors,
}: {
  value: DeviceFilter;
  onChange: (next: DeviceFilter) => void;
  profiles: { value: string; label: string }[];
  errors: Record<string, string>;
}) {
  const trpc = useTRPC();
  const customers = useQuery(trpc.customers.list.queryOptions({ page: 1, pageSize: 100 }));
  const body = filterBody(useDeferredValue(value));
  const matching = useQuery(
    trpc.devices.list.queryOptions({
      page: 1,
      pageSize: 1,
      ...(body.deviceProfileId ? { profileId: body.deviceProfileId } : {}),
      ...(body.type ? { type: body.type } : {}),
      ...(body.customerId ? { customerId: body.customerId } : {}),
      ...(body.search ? { search: body.search } : {}),
    }),
  );
  const set = (field: keyof DeviceFilter) => (e: { target: { value: string } }) =>
    onChange({ ...value, [field]: e.target.value });
  const total = matching.data?.total;

  return (
    <fieldset className="min-w-0 space-y-2">
      <legend className="text-sm font-medium text-slate-700">Devices matching</legend>
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField
          label="Profile"
          value={value.deviceProfileId}
          onChange={set("deviceProfileId")}
          options={[{ value: "", label: "Any profile" }, ...profiles]}
        />
        <TextField label="Type" value={value.type} onChange={set("type")} error={errors.type} placeholder="Any type" />
        <SelectField
          label="Customer"
          value={value.customerId}
          onChange={set("customerId")}
          disabled={customers.isPending}
          hint={customers.isPending ? "Loading customers…" : undefined}
          options={[
            { value: "", label: "Any customer" },
            ...(customers.data?.data ?? []).map((c) => ({ value: c.id, label: c.title })),
          ]}
        />
        <TextField
          label="Name, label or type contains"
          value={value.search}
          onChange={set("search")}
          error={errors.search}
          placeholder="boiler"
        />
      </div>
      <p className="text-sm text-slate-600" aria-live="polite">
        {matching.isPending
          ? "Counting matching devices…"
          : matching.error
            ? `The matching devices could not be counted: ${matching.error.message}`
            : total === 0
              ? "No device matches this filter."
              : `${total!.toLocaleString("en-US")} ${total === 1 ? "device matches" : "devices match"} now.`}
      </p>
    </fieldset>
  );
}
