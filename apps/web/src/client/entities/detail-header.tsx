import Link from "next/link";
import type { ReactNode } from "react";

/** The top of a detail page: the way back to its list, the entity's name, a line about it, its actions. */
export function DetailHeader({
  listHref,
  listLabel,
  title,
  children,
  actions,
}: {
  listHref: string;
  listLabel: string;
  title: ReactNode;
  /** The line under the name: type, profile, customer, created. */
  children?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <div>
      <Link href={listHref} className="text-sm text-slate-500 hover:text-slate-700">
        ← {listLabel}
      </Link>
      <div className="mt-2 flex flex-wrap items-center justify-between gap-4">
        <div className="min-w-0">
          <h1 className="flex flex-wrap items-center gap-3 text-2xl font-semibold tracking-tight break-words">
            {title}
          </h1>
          {children && <p className="mt-1 text-sm text-slate-500">{children}</p>}
        </div>
        {actions && <div className="flex flex-wrap gap-2">{actions}</div>}
      </div>
    </div>
  );
}
