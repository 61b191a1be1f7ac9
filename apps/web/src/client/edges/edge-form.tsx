"use client";
import { TextField } from "@industryos/ui";
import { FormDialog, type FormDialogProps } from "../form-dialog.tsx";
import { fieldErrorsOf } from "../form-errors.ts";

export interface EdgeFormValues {
  name: string;
}

const FIELDS = ["name"];

/** Create an edge: its name, checked by the API's schema, whose refusal shows beside the field. */
export function EdgeFormDialog({ initial, error, ...dialog }: FormDialogProps<EdgeFormValues>) {
  const errors = fieldErrorsOf(error);
  return (
    <FormDialog
      {...dialog}
      error={error}
      fields={FIELDS}
      read={(form) => ({ name: String(form.get("name") ?? "").trim() })}
    >
      <TextField
        label="Name"
        name="name"
        required
        defaultValue={initial.name}
        placeholder="Plant Hamburg"
        hint="Name it after its site: a plant, a ship, a substation."
        error={errors.name}
      />
    </FormDialog>
  );
}
