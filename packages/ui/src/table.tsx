import type { ReactNode } from "react";

export interface Column<Row> {
  header: string;
  cell: (row: Row) => ReactNode;
  className?: string;
}

export function DataTable<Row>({
  columns,
  rows,
  rowKey,
  onRowClick,
}: {
  columns: Column<Row>[];
  rows: Row[];
  rowKey: (row: Row) => string;
  onRowClick?: (row: Row) => void;
}) {
  return (
    <div className="overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <thead className="bg-slate-50">
          <tr>
            {columns.map((c) => (
              <th
                key={c.header}
                scope="col"
                className="px-4 py-2.5 text-left text-xs font-semibold uppercase tracking-wide text-slate-500"
              >
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((row) => (
            <tr
              key={rowKey(row)}
              onClick={onRowClick ? () => onRowClick(row) : undefined}
              // A row that opens on click opens on Enter too, or the keyboard could not reach what it opens.
              // Enter on a control inside the row (a checkbox, Delete) stays that control's.
              tabIndex={onRowClick ? 0 : undefined}
              onKeyDown={
                onRowClick
                  ? (e) => {
                      if (e.key === "Enter" && e.target === e.currentTarget) onRowClick(row);
                    }
                  : undefined
              }
              className={
                onRowClick
                  ? "cursor-pointer hover:bg-brand-50/60 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-brand-500"
                  : undefined
              }
            >
              {columns.map((c) => (
                <td key={c.header} className={`whitespace-nowrap px-4 py-2.5 text-slate-700 ${c.className ?? ""}`}>
                  {c.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A row's Delete in a DataTable: asks about that row without also opening it (the row's own click). */
export function RowDeleteButton({ onClick }: { onClick: () => void }) {
  return (
    <button
      type="button"
      className="text-xs text-red-600 hover:underline"
      onClick={(e) => {
        e.stopPropagation();
        onClick();
      }}
    >
      Delete
    </button>
  );
}

/** "Showing 21–40 of 95" with previous/next buttons. */
export function Pagination({
  page,
  pageSize,
  total,
  onPage,
}: {
  page: number;
  pageSize: number;
  total: number;
  onPage: (page: number) => void;
}) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  return (
    <div className="mt-3 flex flex-wrap items-center justify-between gap-2 text-sm text-slate-600">
      <span>
        Showing {first}–{last} of {total.toLocaleString("en-US")}
      </span>
      <div className="flex gap-2">
        <button
          type="button"
          disabled={page <= 1}
          onClick={() => onPage(page - 1)}
          className="rounded-md px-2 py-1 ring-1 ring-slate-300 disabled:opacity-40"
        >
          Previous
        </button>
        <span className="px-1 py-1">
          Page {page} of {pages}
        </span>
        <button
          type="button"
          disabled={page >= pages}
          onClick={() => onPage(page + 1)}
          className="rounded-md px-2 py-1 ring-1 ring-slate-300 disabled:opacity-40"
        >
          Next
        </button>
      </div>
    </div>
  );
}
