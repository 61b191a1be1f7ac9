"use client";
import { useEffect, useState } from "react";
import { Dialog } from "./dialog.tsx";
import { TextField } from "./field.tsx";
import { FormButtons } from "./form-buttons.tsx";

/**
 * The console's one-field form in a dialog (a title to give, a name to change): the field with its
 * error in words beside it, the action's verb on the submit button, Enter submits, Escape cancels.
 * The dialog stays open on an error so the user can correct what they typed.
 */
export function PromptDialog({
  open,
  title,
  label,
  initialValue = "",
  submitLabel,
  busy,
  fieldError,
  formError,
  onSubmit,
  onClose,
}: {
  open: boolean;
  title: string;
  label: string;
  initialValue?: string;
  submitLabel: string;
  busy?: boolean;
  /** What is wrong with the value, shown under the field. */
  fieldError?: string;
  /** A failure that is not about the field, shown above the buttons. */
  formError?: string;
  onSubmit: (value: string) => void;
  onClose: () => void;
}) {
  const [value, setValue] = useState(initialValue);
  useEffect(() => {
    if (open) setValue(initialValue);
  }, [open, initialValue]);
  return (
    <Dialog open={open} title={title} onClose={onClose}>
      <form
        className="space-y-3"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit(value);
        }}
      >
        <TextField label={label} value={value} error={fieldError} onChange={(e) => setValue(e.target.value)} />
        {formError && (
          <p role="alert" className="text-sm text-red-600">
            {formError}
          </p>
        )}
        <FormButtons submitLabel={submitLabel} busy={busy} onCancel={onClose} />
      </form>
    </Dialog>
  );
}
