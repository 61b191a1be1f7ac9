"use client";
import { useMutation, type UseMutationOptions } from "@tanstack/react-query";
import { useState } from "react";

/**
 * A dialog that saves through one mutation (edit, rotate a secret): whether it is open (`show`), the
 * mutation (`save`), and the dialog's busy state, error and onClose (`dialog`, to spread into it).
 * A success closes it, then `onDone` has the answer; closing forgets the error, so it opens clean.
 * `saving` builds the procedure's mutationOptions around our onSuccess.
 */
export function useMutationDialog<TData, TError, TVariables, TContext>(
  saving: (callbacks: {
    onSuccess: (data: unknown) => void;
  }) => UseMutationOptions<TData, TError, TVariables, TContext>,
  onDone: (data: TData) => void,
) {
  const [open, setOpen] = useState(false);
  const save = useMutation(
    saving({
      onSuccess: (data) => {
        setOpen(false);
        // The procedure's answer (typed `unknown` above only so that TS infers TData from `saving`'s result).
        onDone(data as TData);
      },
    }),
  );
  return {
    show: () => setOpen(true),
    save,
    dialog: {
      open,
      busy: save.isPending,
      error: save.error,
      onClose: () => {
        setOpen(false);
        save.reset();
      },
    },
  };
}
