import { useState, type ReactNode } from "react";
import { AccessDenied, isForbidden } from "./access-denied.tsx";
import { ErrorState, Spinner } from "./states.tsx";

/** What a react-query (or tRPC) result carries, typed by shape so this package needs neither. */
export interface QueryState<T> {
  isPending: boolean;
  error: { message: string } | null;
  data: T | undefined;
  /** Fetching now, first load or again; an error's "Try again" shows it as retrying meanwhile. */
  isFetching?: boolean;
  /** Fetches again; react-query results have it, and QueryView's "Try again" calls it. */
  refetch?: () => unknown;
}

interface QueryViewProps<T> {
  query: QueryState<T>;
  /** For lists and the like: when it says so, `empty` shows instead of the children. Without it the data is never empty. */
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  /** What "Try again" on an error does: the query's own refetch unless given another, none when false. */
  onRetry?: (() => unknown) | false;
  loadingLabel?: string;
  /** The error's heading, "Something went wrong" unless given. */
  errorTitle?: string;
  children: (data: T) => ReactNode;
}

/** Shows a query's spinner, its error (with "Try again"), its empty state or its data, in that order. */
export function QueryView<T>({
  query,
  isEmpty,
  empty,
  onRetry,
  loadingLabel,
  errorTitle,
  children,
}: QueryViewProps<T>) {
  // The error a "Try again" in flight answers: react-query forgets the error of a query without
  // data as soon as it fetches again, and the view should not fall back to a bare spinner then.
  const [retrying, setRetrying] = useState<{ message: string } | null>(null);
  // Pending wins over an error: a state combined from several queries can carry one query's
  // error while another still loads, and the views waited for all of them.
  const error = query.isPending ? retrying : query.error;
  const content = (data: T) => (isEmpty?.(data) ? empty : children(data));
  // A refusal of this user's role is a page of its own: retrying cannot help.
  if (error && isForbidden(error) && query.data === undefined) return <AccessDenied />;
  if (error) {
    const retry = retryOf(query, onRetry);
    const alert = (
      <ErrorState
        error={error}
        title={errorTitle}
        retrying={Boolean(retrying) || query.isFetching}
        onRetry={
          retry &&
          (() => {
            setRetrying(error);
            // How the retry ended shows in the query itself; here it only ends the retrying.
            const settled = () => setRetrying(null);
            void Promise.resolve(retry()).then(settled, settled);
          })
        }
      />
    );
    // A failed refetch keeps what was loaded before on screen, under the error.
    if (query.isPending || query.data === undefined) return alert;
    return (
      <div className="space-y-4">
        {alert}
        {content(query.data)}
      </div>
    );
  }
  // react-query only lacks data while pending; the shape above cannot say so.
  if (query.isPending || query.data === undefined) return <Spinner label={loadingLabel} />;
  return content(query.data);
}

/** "Try again"'s action, if any; exported for the tests. */
export function retryOf(
  query: QueryState<unknown>,
  onRetry: QueryViewProps<unknown>["onRetry"],
): (() => unknown) | undefined {
  if (onRetry !== undefined) return onRetry || undefined;
  const { refetch } = query;
  // Not called with the click event: react-query's refetch would take it for its options.
  return refetch && (() => refetch());
}
