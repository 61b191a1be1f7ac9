"use client";
import { OptionalRowText, RowDecimals, RowEditor, RowText } from "./row-editor.tsx";
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
  return (
    <Section title={props.title}>
      <RowEditor
        grid="grid grid-cols-[1fr_8rem_1fr_3.5rem_3.5rem_1.5rem] items-center gap-1"
        headings={["Key", "From", "Label", "Unit", "Decimals"]}
        rows={props.columns}
        onChange={props.onChange}
        noun="column"
        blank={{ key: "", from: "telemetry" }}
        error={props.error}
      >
        {(c, set) => (
          <>
            <RowText label="Column key" value={c.key} onChange={(key) => set({ key })} />
            <select
              aria-label="Column from"
              className={SMALL}
              value={c.from}
              onChange={(e) => set({ from: e.target.value as ValueOrigin })}
            >
              {ORIGINS.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
            <OptionalRowText label="Column label" value={c.label} onChange={(label) => set({ label })} />
            <OptionalRowText label="Column unit" value={c.unit} onChange={(unit) => set({ unit })} />
            <RowDecimals label="Column decimals" value={c.decimals} onChange={(decimals) => set({ decimals })} />
          </>
        )}
      </RowEditor>
    </Section>
  );
}
