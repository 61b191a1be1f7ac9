"use client";
import {
  Button,
  Dialog,
  EmptyState,
  ListNotice,
  ListPage,
  RowDeleteButton,
  type Column,
  type ListPageProps,
} from "@industryos/ui";
import { useState, type ComponentType, type ReactNode } from "react";

export interface AddAndDeleteListPageProps<Row extends { id: string }> extends Omit<
  ListPageProps<Row>,
  "actions" | "notice" | "empty" | "rowKey" | "children" | "columns"
> {
  /** The header's button ("Add issuer"), the empty state's ("Add your first issuer") and the dialog's title. */
  add: { label: string; firstLabel: string; dialogTitle: string };
  /** The add dialog's form; its `onDone` closes the dialog and calls `onAdded`. */
  form: ComponentType<{ onCancel: () => void; onDone: () => void }>;
  onAdded: () => void;
  /** The empty state of a workspace with none yet; it invites the first with `add.firstLabel`. */
  empty: { title: string; body: ReactNode };
  /** Shown instead of `empty` while a search leaves no rows; pass it only then. */
  noMatch?: ReactNode;
  columns: Column<Row>[];
  /** The row's Delete asks this (useConfirmAction); `error` is the delete's, shown above the list. */
  deletion: { ask: (row: Row) => void; dialog: ReactNode; error: { message: string } | null };
}

/**
 * The console's list page of things a tenant admin adds through a form in a dialog and deletes per
 * row behind the confirm dialog (JWT issuers, LwM2M object models): the add button in the header and
 * in the empty state, a Delete column last, the delete's failure in words above the list.
 */
export function AddAndDeleteListPage<Row extends { id: string }>({
  add,
  form: AddForm,
  onAdded,
  empty,
  noMatch,
  columns,
  deletion,
  ...list
}: AddAndDeleteListPageProps<Row>) {
  const [open, setOpen] = useState(false);
  const show = () => setOpen(true);
  const close = () => setOpen(false);
  return (
    <ListPage
      {...list}
      actions={<Button onClick={show}>{add.label}</Button>}
      notice={<ListNotice error={deletion.error} />}
      empty={
        noMatch ?? (
          <EmptyState title={empty.title} action={<Button onClick={show}>{add.firstLabel}</Button>}>
            {empty.body}
          </EmptyState>
        )
      }
      rowKey={(row) => row.id}
      columns={[...columns, { header: "", cell: (row) => <RowDeleteButton onClick={() => deletion.ask(row)} /> }]}
    >
      {deletion.dialog}
      <Dialog open={open} title={add.dialogTitle} onClose={close}>
        {open && (
          <AddForm
            onCancel={close}
            onDone={() => {
              close();
              onAdded();
            }}
          />
        )}
      </Dialog>
    </ListPage>
  );
}
