"use client";

/** Where a detail state sits: the dashboard (a link back to its default state) › the state › its entity. */
export function StateBreadcrumb(props: {
  dashboard: string;
  state: string;
  entity: { name: string } | null;
  onBack: () => void;
}) {
  return (
    <nav aria-label="Breadcrumb" className="text-sm">
      <ol className="flex flex-wrap items-center gap-1 text-slate-500">
        <li>
          <button type="button" className="text-brand-700 hover:underline" onClick={props.onBack}>
            {props.dashboard}
          </button>
        </li>
        <li aria-hidden>›</li>
        <li aria-current={props.entity ? undefined : "page"}>{props.state}</li>
        {props.entity && (
          <>
            <li aria-hidden>›</li>
            <li aria-current="page" className="font-medium text-slate-800">
              {props.entity.name}
            </li>
          </>
        )}
      </ol>
    </nav>
  );
}
