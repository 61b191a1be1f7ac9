"use client";
import { useMutation, type UseMutationOptions } from "@tanstack/react-query";
import { useState } from "react";

/** What a "Delete …?" dialog is about: a record's id, and its name for the title when it has one. */
export interface Deletable {
  id: string;
  name?: string;
}

/**
 * "Delete …?" for a record: which one is being asked about, and the ConfirmDialog's open, busy,
 * error and buttons (`dialog`, to spread into it). `removal` builds the delete procedure's
 * mutationOptions around our onSuccess; `onDeleted` says what follows — close the dialog and read
 * the list again, or leave the record's page (the dialog then stays until the page goes).
 */
export function useDeleteDialog<TData, TError extends { message: string }, TContext>(
  removal: (callbacks: { onSuccess: () => void }) => UseMutationOptions<TData, TError, { id: string }, TContext>,
  onDeleted: (close: () => void) => void,
) {
  const [asked, setAsked] = useState<Deletable | null>(null);
  const close = () => setAsked(null);
  const remove = useMutation(removal({ onSuccess: () => onDeleted(close) }));
  return {
    asked,
    /** Opens the dialog for `record`, without the error of an earlier try. */
    ask: (record: Deletable) => {
      remove.reset();
      setAsked(record);
    },
    dialog: {
      open: asked !== null,
      busy: remove.isPending,
      error: remove.error,
      onConfirm: () => asked && remove.mutate({ id: asked.id }),
      onClose: close,
    },
  };
}
