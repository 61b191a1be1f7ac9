import type { ReactNode } from "react";

/** The settings form's compact inputs (key, column and threshold rows). */
export const SMALL = "w-full rounded border-0 px-2 py-1 text-sm ring-1 ring-inset ring-slate-300";

/** A titled group of fields in the settings form. */
export function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <fieldset className="space-y-2">
      <legend className="text-xs font-semibold uppercase tracking-wide text-slate-500">{title}</legend>
      {children}
    </fieldset>
  );
}
