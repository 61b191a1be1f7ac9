"use client";
import { cx } from "@industryos/ui";

/**
 * A labelled set of checkboxes (alarm events, severities, targets, ...), wrapping on a phone; the API's error for
 * the list shows under it. `scroll` caps long lists (targets, devices) at a few rows.
 */
export function CheckboxGroup({
  legend,
  options,
  selected,
  onChange,
  hint,
  error,
  scroll,
}: {
  legend: string;
  options: readonly { value: string; label: string }[];
  selected: readonly string[];
  onChange: (next: string[]) => void;
  hint?: string;
  error?: string;
  scroll?: boolean;
}) {
  const toggle = (value: string, on: boolean) =>
    onChange(on ? [...selected, value] : selected.filter((v) => v !== value));
  return (
    // min-w-0: a fieldset is as wide as its widest content by default, which would push a phone's page sideways.
    <fieldset className="min-w-0 space-y-1">
      <legend className="text-sm font-medium text-slate-700">{legend}</legend>
      <div
        className={cx(
          "flex flex-wrap gap-x-4 gap-y-1",
          scroll && "max-h-40 flex-col flex-nowrap overflow-y-auto rounded-md p-2 ring-1 ring-slate-200",
        )}
      >
        {options.map((o) => (
          <label key={o.value} className="flex items-center gap-2 text-sm text-slate-700">
            <input
              type="checkbox"
              checked={selected.includes(o.value)}
              onChange={(e) => toggle(o.value, e.target.checked)}
            />
            {o.label}
          </label>
        ))}
        {options.length === 0 && <p className="text-sm text-slate-400">None to choose from yet.</p>}
      </div>
      {error ? (
        <p className="text-xs text-red-600">{error}</p>
      ) : hint ? (
        <p className="text-xs text-slate-500">{hint}</p>
      ) : null}
    </fieldset>
  );
}
