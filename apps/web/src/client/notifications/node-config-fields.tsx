"use client";
import { cx } from "@industryos/ui";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { CONFIG_CONTROL, ConfigField } from "../rule-chains/config-field.tsx";
import { useTRPC } from "../trpc.ts";

interface FieldProps {
  id: string;
  label: string;
  error?: string;
  value: unknown;
  onChange: (value: unknown) => void;
}

/** `action.notify`'s template: the notification center's templates by name (empty: write the text instead). */
export function NotificationTemplateField({ id, label, error, value, onChange }: FieldProps) {
  const trpc = useTRPC();
  const templates = useQuery(trpc.notificationTemplates.list.queryOptions({ page: 1, pageSize: 100 }));
  const rows = templates.data?.data ?? [];
  const selected = typeof value === "string" ? value : "";
  const note = templates.isPending ? (
    "Loading the templates…"
  ) : templates.error ? (
    `The templates could not be loaded: ${templates.error.message}`
  ) : rows.length === 0 ? (
    <>
      No templates yet:{" "}
      <Link href="/notifications/templates" className="text-brand-700 hover:underline">
        write one
      </Link>
      , or the text below.
    </>
  ) : (
    "Or leave it empty and write the subject and text below."
  );
  return (
    <ConfigField id={id} label={label} hint={note} error={error}>
      <select
        id={id}
        className={cx(CONFIG_CONTROL, error && "ring-red-400")}
        value={selected}
        onChange={(e) => onChange(e.target.value || undefined)}
      >
        <option value="">No template: the text below</option>
        {rows.map((t) => (
          <option key={t.id} value={t.id}>
            {t.name}
          </option>
        ))}
        {selected && !templates.isPending && !rows.some((t) => t.id === selected) && (
          <option value={selected}>Unknown template {selected}</option>
        )}
      </select>
    </ConfigField>
  );
}

/** `action.notify`'s targets: the notification center's targets as checkboxes. */
export function NotificationTargetsField({ id, label, error, value, onChange }: FieldProps) {
  const trpc = useTRPC();
  const targets = useQuery(trpc.notificationTargets.list.queryOptions({ page: 1, pageSize: 100 }));
  const rows = targets.data?.data ?? [];
  const chosen = new Set(Array.isArray(value) ? value.map(String) : []);
  const toggle = (targetId: string, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(targetId);
    else next.delete(targetId);
    onChange([...next]);
  };
  const note = targets.isPending ? (
    "Loading the targets…"
  ) : targets.error ? (
    `The targets could not be loaded: ${targets.error.message}`
  ) : rows.length === 0 ? (
    <>
      No targets yet:{" "}
      <Link href="/notifications/targets" className="text-brand-700 hover:underline">
        add one
      </Link>
      .
    </>
  ) : undefined;
  return (
    <ConfigField id={id} label={label} hint={note} error={error}>
      <div
        id={id}
        role="group"
        aria-label={label}
        className="max-h-40 space-y-1 overflow-y-auto rounded-md p-2 ring-1 ring-slate-200"
      >
        {rows.map((t) => (
          <label key={t.id} className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={chosen.has(t.id)} onChange={(e) => toggle(t.id, e.target.checked)} />
            {t.name}
          </label>
        ))}
      </div>
    </ConfigField>
  );
}
