import type { ReactNode } from "react";

/** The frame every row card shares. */
const FRAME = "rounded-lg bg-white p-3 shadow-sm ring-1 ring-slate-200";

/** A list's row as ListPage's card on a phone, for a row that opens nothing (a log entry): its name, then `children`. */
export function RowCardText({ name, children }: { name: ReactNode; children?: ReactNode }) {
  return (
    <div className={FRAME}>
      <p className="font-medium">{name}</p>
      {children}
    </div>
  );
}

/** A list's row as ListPage's card on a phone, opened by a tap anywhere on it: its name, then `children`. */
export function RowCardButton({
  name,
  onOpen,
  children,
}: {
  name: ReactNode;
  onOpen: () => void;
  children: ReactNode;
}) {
  return (
    <button type="button" onClick={onOpen} className={`w-full text-left ${FRAME}`}>
      <p className="font-medium">{name}</p>
      {children}
    </button>
  );
}

/**
 * A list's row as ListPage's card on a phone, for a row with controls of its own (a card-wide
 * button cannot hold them): its name opens it, `control` (such as an on/off switch) beside it,
 * `children` under them, and last `summary` with the row's Delete.
 */
export function RowCard({
  name,
  onOpen,
  control,
  summary,
  onDelete,
  testId,
  children,
}: {
  name: ReactNode;
  onOpen: () => void;
  control?: ReactNode;
  summary: ReactNode;
  onDelete: () => void;
  testId?: string;
  children?: ReactNode;
}) {
  return (
    <div className={`space-y-1 ${FRAME}`} data-testid={testId}>
      <div className="flex items-start justify-between gap-2">
        <button type="button" className="text-left font-medium" onClick={onOpen}>
          {name}
        </button>
        {control}
      </div>
      {children}
      <p className="text-xs text-slate-500">
        {summary} ·{" "}
        <button type="button" className="text-red-600" onClick={onDelete}>
          Delete
        </button>
      </p>
    </div>
  );
}
