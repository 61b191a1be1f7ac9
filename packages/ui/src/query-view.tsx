import type { ReactNode } from "react";
import { ErrorState, Spinner } from "./states.tsx";

/** What a react-query (or tRPC) result carries, typed by shape so this package needs neither. */
export interface QueryState<T> {
  isPending: boolean;
  error: { message: string } | null;
  data: T | undefined;
  /** Fetches again; react-query results have it, and QueryView's "Try again" calls it. */
  refetch?: () => unknown;
}

interface QueryViewProps<T> {
  query: QueryState<T>;
  isEmpty: (data: T) => boolean;
  empty: ReactNode;
  /** What "Try again" on an error does: the query's own refetch unless given another, none when false. */
  onRetry?: (() => void) | false;
  loadingLabel?: string;
  children: (data: T) => ReactNode;
}

/** Shows a query's spinner, its error (with "Try again"), its empty state or its data, in that order. */
export function QueryView<T>({ query, isEmpty, empty, onRetry, loadingLabel, children }: QueryViewProps<T>) {
  // Pending wins over an error: a state combined from several queries can carry one query's
  // error while another still loads, and the views waited for all of them.
  if (query.error && !query.isPending) return <ErrorState error={query.error} onRetry={retryOf(query, onRetry)} />;
  // react-query only lacks data while pending; the shape above cannot say so.
  if (query.isPending || query.data === undefined) return <Spinner label={loadingLabel} />;
  return isEmpty(query.data) ? empty : children(query.data);
}

function retryOf(query: QueryState<unknown>, onRetry: QueryViewProps<unknown>["onRetry"]): (() => void) | undefined {
  if (onRetry !== undefined) return onRetry || undefined;
  const { refetch } = query;
  // Not handed to the button as it is: react-query's refetch would take the click event for its options.
  return refetch && (() => void refetch());
}
