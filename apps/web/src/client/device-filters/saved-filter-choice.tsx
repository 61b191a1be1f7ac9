"use client";
import { SelectField } from "@industryos/ui";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "../trpc.ts";
import { MatchedCount } from "./matched-count.tsx";

/** A campaign's `{savedFilterId}` target: one of the tenant's saved filters, with how many devices it matches now. */
export function SavedFilterChoice({ value, onChange }: { value: string; onChange: (id: string) => void }) {
  const trpc = useTRPC();
  const filters = useQuery(trpc.deviceFilters.list.queryOptions({ page: 1, pageSize: 100 }));
  const saved = filters.data?.data ?? [];
  if (filters.isSuccess && saved.length === 0)
    return (
      <p className="text-sm text-slate-600">
        No saved filters yet: filter the{" "}
        <Link href="/devices" className="font-medium text-brand-700 underline">
          devices list
        </Link>{" "}
        and choose “Save filter”.
      </p>
    );
  return (
    <div className="space-y-1">
      <SelectField
        label="Saved filter"
        name="savedFilterId"
        required
        value={value}
        onChange={(e) => onChange(e.target.value)}
        disabled={filters.isPending}
        hint={filters.isPending ? "Loading saved filters…" : undefined}
        options={[{ value: "", label: "Choose a filter" }, ...saved.map((f) => ({ value: f.id, label: f.name }))]}
      />
      {value && (
        <p className="text-sm text-slate-600" aria-live="polite">
          <MatchedCount filterId={value} />.{" "}
          <span className="text-slate-500">The campaign takes the devices matching when it starts.</span>
        </p>
      )}
    </div>
  );
}
