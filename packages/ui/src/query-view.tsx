import type { ReactNode } from "react";
import { ErrorState, Spinner } from "./states.tsx";

/** What a react-query (or tRPC) result carries, typed by shape so this package needs neither. */
export interface QueryState<T> {
  isPending: boolean;
  error: { message: string } | null;
  data: T | undefined;
}

interface QueryViewProps<T> {
  query: QueryState<T>;
  isEmpty: (data: T) => boolean;
  empty: ReactNode;
  onRetry?: () => void;
  loadingLabel?: string;
  children: (data: T) => ReactNode;
}

/** Shows a query's spinner, its error, its empty state or its data, in that order. */
export function QueryView<T>({ query, isEmpty, empty, onRetry, loadingLabel, children }: QueryViewProps<T>) {
  // Pending wins over an error: a state combined from several queries can carry one query's
  // error while another still loads, and the views waited for all of them.
  if (query.error && !query.isPending) return <ErrorState error={query.error} onRetry={onRetry} />;
  // react-query only lacks data while pending; the shape above cannot say so.
  if (query.isPending || query.data === undefined) return <Spinner label={loadingLabel} />;
  return isEmpty(query.data) ? empty : children(query.data);
}
