import type { ReactNode } from "react";
import { PageHeader } from "./card.tsx";
import { SearchInput } from "./field.tsx";
import { QueryView, type QueryState } from "./query-view.tsx";
import { DataTable, Pagination, type Column } from "./table.tsx";

/** A page of a list as every list operation answers it. */
export interface ListData<Row> {
  data: Row[];
  total: number;
}

export interface ListPageProps<Row> {
  title: string;
  description?: ReactNode;
  /** Buttons in the header, e.g. "Add device". */
  actions?: ReactNode;
  /** A search box at the start of the toolbar; `label` is its accessible name ("Search devices"). */
  search?: { value: string; onChange: (value: string) => void; label: string; placeholder?: string };
  /** Filter and sort controls after the search box. */
  filters?: ReactNode;
  /** Shown above the list, e.g. why a row action failed. */
  notice?: ReactNode;
  query: QueryState<ListData<Row>>;
  loadingLabel?: string;
  /** Shown instead of the table when the list has no rows. */
  empty: ReactNode;
  columns: Column<Row>[];
  rowKey: (row: Row) => string;
  onRowClick?: (row: Row) => void;
  /** On narrow screens (below `sm`), each row as this card instead of the table's row. */
  card?: (row: Row) => ReactNode;
  /** For lists that page: "Showing 21–40 of 95" and previous/next under the table. */
  paging?: { page: number; pageSize: number; onPage: (page: number) => void };
  /** After the list: the page's dialogs. */
  children?: ReactNode;
}

/**
 * The console's list page: header with actions, toolbar (search, filters), then the query's
 * loading, error (with Try again), empty state or table with paging, through QueryView.
 */
export function ListPage<Row>({
  title,
  description,
  actions,
  search,
  filters,
  notice,
  query,
  loadingLabel,
  empty,
  columns,
  rowKey,
  onRowClick,
  card,
  paging,
  children,
}: ListPageProps<Row>) {
  return (
    <>
      <PageHeader title={title} description={description} actions={actions} />
      {(search || filters) && (
        <div className="mb-4 flex flex-wrap items-center gap-3 text-sm">
          {search && (
            <SearchInput
              aria-label={search.label}
              placeholder={search.placeholder ?? search.label}
              value={search.value}
              onChange={(e) => search.onChange(e.target.value)}
            />
          )}
          {filters}
        </div>
      )}
      {notice && <div className="mb-3">{notice}</div>}
      <QueryView query={query} loadingLabel={loadingLabel} isEmpty={(d) => d.total === 0} empty={empty}>
        {(list) => (
          <>
            {card ? (
              <>
                <div className="hidden sm:block">
                  <DataTable columns={columns} rows={list.data} rowKey={rowKey} onRowClick={onRowClick} />
                </div>
                <ul className="space-y-2 sm:hidden">
                  {list.data.map((row) => (
                    <li key={rowKey(row)}>{card(row)}</li>
                  ))}
                </ul>
              </>
            ) : (
              <DataTable columns={columns} rows={list.data} rowKey={rowKey} onRowClick={onRowClick} />
            )}
            {paging && (
              <Pagination page={paging.page} pageSize={paging.pageSize} total={list.total} onPage={paging.onPage} />
            )}
          </>
        )}
      </QueryView>
      {children}
    </>
  );
}

/** A mutation's error under a list's header, in words. */
export function ListNotice({ error }: { error: { message: string } | null | undefined }) {
  return error ? (
    <p role="alert" className="text-sm text-red-600">
      {error.message}
    </p>
  ) : null;
}
