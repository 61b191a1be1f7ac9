"use client";
import { SelectField } from "@industryos/ui";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "../trpc.ts";
import { CheckboxGroup } from "./checkbox-group.tsx";

/** The tenant's notification targets, as checkboxes. */
export function TargetPicker({
  selected,
  onChange,
  error,
  legend = "Notify",
}: {
  selected: string[];
  onChange: (next: string[]) => void;
  error?: string;
  legend?: string;
}) {
  const trpc = useTRPC();
  const targets = useQuery(trpc.notificationTargets.list.queryOptions({ page: 1, pageSize: 100 }));
  if (targets.isLoading) return <p className="text-sm text-slate-500">Loading targets…</p>;
  if (targets.error)
    return <p className="text-sm text-red-600">Targets could not be loaded: {targets.error.message}</p>;
  const options = (targets.data?.data ?? []).map((t) => ({ value: t.id, label: t.name }));
  return (
    <div>
      <CheckboxGroup legend={legend} options={options} selected={selected} onChange={onChange} error={error} scroll />
      {options.length === 0 && (
        <p className="text-xs text-slate-500">
          <Link href="/notifications/targets" className="text-brand-700 hover:underline">
            Add a target
          </Link>{" "}
          first: who a notification goes to.
        </p>
      )}
    </div>
  );
}

/** The templates written for `kinds` (a template is written for one kind of event), as a select. */
export function TemplatePicker({
  kinds,
  value,
  onChange,
  error,
  label = "Template",
  allowNone,
}: {
  kinds: readonly string[];
  value: string;
  onChange: (id: string) => void;
  error?: string;
  label?: string;
  /** An empty choice, named so (an escalation level keeping the template of the level before). */
  allowNone?: string;
}) {
  const trpc = useTRPC();
  const templates = useQuery(trpc.notificationTemplates.list.queryOptions({ page: 1, pageSize: 100 }));
  const fitting = (templates.data?.data ?? []).filter((t) => kinds.includes(t.notificationType));
  const options = [
    ...(allowNone !== undefined || !value ? [{ value: "", label: allowNone ?? "Choose a template" }] : []),
    ...fitting.map((t) => ({ value: t.id, label: t.name })),
  ];
  return (
    <div className="space-y-1">
      <SelectField label={label} value={value} onChange={(e) => onChange(e.target.value)} options={options} />
      {error ? (
        <p className="text-xs text-red-600">{error}</p>
      ) : templates.data && fitting.length === 0 ? (
        <p className="text-xs text-slate-500">
          No template for this kind of event yet:{" "}
          <Link href="/notifications/templates" className="text-brand-700 hover:underline">
            write one
          </Link>
          .
        </p>
      ) : null}
    </div>
  );
}
