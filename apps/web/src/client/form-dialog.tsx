"use client";
import { Dialog } from "@industryos/ui";
import type { FormEvent, ReactNode } from "react";
import { FormActions } from "./form-actions.tsx";

/** What a page gives a create-or-edit dialog of `Values`: the values to start from, the save's state, what to do. */
export interface FormDialogProps<Values> {
  open: boolean;
  title: string;
  initial: Values;
  submitLabel: string;
  busy: boolean;
  /** The save's error: problems with fields show beside them, anything else above the buttons. */
  error: unknown;
  onSubmit: (values: Values) => void;
  onClose: () => void;
}

/**
 * A create-or-edit form in a Dialog: `children` are its fields; on submit `read` turns what was
 * entered into the values (the browser's own checks are off: the API's errors say it in our words).
 */
export function FormDialog<Values>({
  open,
  title,
  submitLabel,
  busy,
  error,
  fields,
  read,
  onSubmit,
  onClose,
  children,
}: Omit<FormDialogProps<Values>, "initial"> & {
  /** The fields whose errors show beside them. */
  fields: readonly string[];
  read: (form: FormData) => Values;
  children: ReactNode;
}) {
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    onSubmit(read(new FormData(event.currentTarget)));
  };
  return (
    <Dialog open={open} title={title} onClose={onClose}>
      <form onSubmit={submit} className="space-y-4" noValidate>
        {children}
        <FormActions error={error} fields={fields} submitLabel={submitLabel} busy={busy} onCancel={onClose} />
      </form>
    </Dialog>
  );
}
