import type { ReactNode } from "react";

/** One numbered step of the checklist: a tick once done, its body only while it is the step to do. */
export function ChecklistStep({
  number,
  title,
  done,
  current,
  children,
}: {
  number: number;
  title: string;
  done: boolean;
  current: boolean;
  children?: ReactNode;
}) {
  return (
    <li className="flex gap-3" data-testid={`step-${number}`} data-done={done}>
      <span
        aria-hidden
        className={`mt-0.5 flex size-6 shrink-0 items-center justify-center rounded-full text-xs font-semibold ${
          done ? "bg-emerald-500 text-white" : current ? "bg-brand-600 text-white" : "bg-slate-200 text-slate-600"
        }`}
      >
        {done ? "✓" : number}
      </span>
      <div className="min-w-0 flex-1 space-y-2">
        <p className={`text-sm font-medium ${done ? "text-slate-500 line-through" : "text-slate-900"}`}>
          {title}
          <span className="sr-only">{done ? " (done)" : " (to do)"}</span>
        </p>
        {current && !done && children}
      </div>
    </li>
  );
}
