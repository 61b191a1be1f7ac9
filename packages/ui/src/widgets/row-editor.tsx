"use client";
import type { ReactNode } from "react";
import { Button } from "../button.tsx";
import { SMALL } from "./settings-section.tsx";

/** A row's required text (a key): kept as typed. */
export function RowText({ label, value, onChange }: { label: string; value: string; onChange: (v: string) => void }) {
  return <input aria-label={label} className={SMALL} value={value} onChange={(e) => onChange(e.target.value)} />;
}

/** A row's optional text (a label, a unit): emptied, it is unset, so the key's own name or no unit shows. */
export function OptionalRowText({
  label,
  value,
  onChange,
}: {
  label: string;
  value: string | undefined;
  onChange: (v: string | undefined) => void;
}) {
  return (
    <input
      aria-label={label}
      className={SMALL}
      value={value ?? ""}
      onChange={(e) => onChange(e.target.value || undefined)}
    />
  );
}

/** A row's number between `min` and `max`; the caller reads the typed text (a cleared field may mean unset, or 0). */
export function RowNumber({
  label,
  min,
  max,
  value,
  onChange,
}: {
  label: string;
  min: number;
  max: number;
  value: number | undefined;
  onChange: (text: string) => void;
}) {
  return (
    <input
      aria-label={label}
      className={SMALL}
      type="number"
      min={min}
      max={max}
      value={value ?? ""}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}

/** How many decimals a row's value shows (0 to 10); cleared, the value shows as it came. */
export function RowDecimals({
  label,
  value,
  onChange,
}: {
  label: string;
  value: number | undefined;
  onChange: (decimals: number | undefined) => void;
}) {
  return (
    <RowNumber
      label={label}
      min={0}
      max={10}
      value={value}
      onChange={(text) => onChange(text === "" ? undefined : Number(text))}
    />
  );
}

/**
 * A settings list edited as a grid (the keys, a table's columns, an image's markers): a heading row,
 * one row per item ending in its remove button, the list's problem, and an add button.
 */
export function RowEditor<Row>({
  grid,
  headings,
  rows,
  onChange,
  noun,
  blank,
  error,
  onAdded,
  onRemoved,
  children,
}: {
  /** The grid's classes, shared by the heading and every row so the columns line up. */
  grid: string;
  /** One heading a column before the remove button ("" for none). */
  headings: string[];
  rows: Row[];
  onChange: (rows: Row[]) => void;
  /** What one row is, for the buttons: "key" gives "Add key" and "Remove key". */
  noun: string;
  /** A new row. */
  blank: Row;
  error?: string;
  onAdded?: (index: number) => void;
  onRemoved?: (index: number) => void;
  /** The row's inputs; `set` changes that row only. */
  children: (row: Row, set: (patch: Partial<Row>) => void, index: number) => ReactNode;
}) {
  const set = (i: number) => (patch: Partial<Row>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <>
      <div className={`${grid} text-xs text-slate-500`}>
        {headings.map((h, i) => (
          <span key={i}>{h}</span>
        ))}
        <span />
      </div>
      {rows.map((row, i) => (
        <div key={i} className={grid}>
          {children(row, set(i), i)}
          <button
            type="button"
            aria-label={`Remove ${noun}`}
            className="text-slate-400 hover:text-red-600"
            onClick={() => {
              onChange(rows.filter((_, j) => j !== i));
              onRemoved?.(i);
            }}
          >
            ×
          </button>
        </div>
      ))}
      {error && <p className="text-xs text-red-600">{error}</p>}
      <Button
        variant="secondary"
        onClick={() => {
          onChange([...rows, blank]);
          onAdded?.(rows.length);
        }}
      >
        {`Add ${noun}`}
      </Button>
    </>
  );
}
