"use client";
import { Button } from "../button.tsx";
import { Section, SMALL } from "./settings-section.tsx";
import type { ColumnSettings, ValueOrigin } from "./widget-config.ts";

const ORIGINS: Array<{ value: ValueOrigin; label: string }> = [
  { value: "telemetry", label: "Latest telemetry" },
  { value: "SERVER", label: "Server attribute" },
  { value: "SHARED", label: "Shared attribute" },
  { value: "CLIENT", label: "Client attribute" },
];

/** Columns of an entities table (or values of a map popup): each an attribute or a latest telemetry key. */
export function ColumnsEditor(props: {
  title: string;
  columns: ColumnSettings[];
  onChange: (c: ColumnSettings[]) => void;
  error?: string;
}) {
  const { columns, onChange } = props;
  const set = (i: number, patch: Partial<ColumnSettings>) =>
    onChange(columns.map((c, j) => (j === i ? { ...c, ...patch } : c)));
  const grid = "grid grid-cols-[1fr_8rem_1fr_3.5rem_3.5rem_1.5rem] items-center gap-1";
  return (
    <Section title={props.title}>
      <div className={`${grid} text-xs text-slate-500`}>
        <span>Key</span>
        <span>From</span>
        <span>Label</span>
        <span>Unit</span>
        <span>Decimals</span>
        <span />
      </div>
      {columns.map((c, i) => (
        <div key={i} className={grid}>
          <input
            aria-label="Column key"
            className={SMALL}
            value={c.key}
            onChange={(e) => set(i, { key: e.target.value })}
          />
          <select
            aria-label="Column from"
            className={SMALL}
            value={c.from}
            onChange={(e) => set(i, { from: e.target.value as ValueOrigin })}
          >
            {ORIGINS.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
          <input
            aria-label="Column label"
            className={SMALL}
            value={c.label ?? ""}
            onChange={(e) => set(i, { label: e.target.value || undefined })}
          />
          <input
            aria-label="Column unit"
            className={SMALL}
            value={c.unit ?? ""}
            onChange={(e) => set(i, { unit: e.target.value || undefined })}
          />
          <input
            aria-label="Column decimals"
            className={SMALL}
            type="number"
            min={0}
            max={10}
            value={c.decimals ?? ""}
            onChange={(e) => set(i, { decimals: e.target.value === "" ? undefined : Number(e.target.value) })}
          />
          <button
            type="button"
            aria-label="Remove column"
            className="text-slate-400 hover:text-red-600"
            onClick={() => onChange(columns.filter((_, j) => j !== i))}
          >
            ×
          </button>
        </div>
      ))}
      {props.error && <p className="text-xs text-red-600">{props.error}</p>}
      <Button variant="secondary" onClick={() => onChange([...columns, { key: "", from: "telemetry" }])}>
        Add column
      </Button>
    </Section>
  );
}
