import type { ReactNode } from "react";

/** A card's settings as label / value rows that stack on a phone. */
export function SettingRows({ rows }: { rows: { label: string; value: ReactNode }[] }) {
  return (
    <dl className="divide-y divide-slate-100 text-sm">
      {rows.map((row) => (
        <div key={row.label} className="grid grid-cols-1 gap-1 py-2 sm:grid-cols-3 sm:gap-3">
          <dt className="text-slate-500">{row.label}</dt>
          <dd className="min-w-0 break-words sm:col-span-2">{row.value}</dd>
        </div>
      ))}
    </dl>
  );
}
