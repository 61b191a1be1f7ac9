"use client";

export const FILTER_SELECT_CLASS = "rounded-md border-0 py-1.5 text-sm ring-1 ring-slate-300";

/** A list page's filter: "Any …" first (the empty value), then one option per choice. */
export function FilterSelect({
  label,
  anyLabel,
  value,
  options,
  onChange,
}: {
  /** The select's accessible name ("Filter by profile"). */
  label: string;
  anyLabel: string;
  value: string;
  options: { value: string; label: string }[] | undefined;
  onChange: (value: string) => void;
}) {
  return (
    <select aria-label={label} value={value} onChange={(e) => onChange(e.target.value)} className={FILTER_SELECT_CLASS}>
      <option value="">{anyLabel}</option>
      {options?.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
}
