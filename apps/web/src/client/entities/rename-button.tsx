"use client";
import { Button, PromptDialog } from "@industryos/ui";
import { useState } from "react";
import { fieldErrorsOf, formErrorOf } from "../form-errors.ts";

/** The rename a detail page runs: a react-query mutation that saves the new name under `field`. */
export interface EntityRename {
  run: (name: string, options: { onSuccess: () => void }) => void;
  reset: () => void;
  isPending: boolean;
  error: unknown;
}

/**
 * Rename in the console's one-field dialog; the API's refusal ("Name the asset", a taken name)
 * shows under the field and the dialog stays open to correct it.
 */
export function RenameButton({
  noun,
  name,
  field = "name",
  rename,
}: {
  noun: string;
  name: string;
  /** The body field that holds the name: `name`, or a customer's `title`. */
  field?: string;
  rename: EntityRename;
}) {
  const [open, setOpen] = useState(false);
  const error = rename.error;
  return (
    <>
      <Button
        variant="secondary"
        onClick={() => {
          rename.reset();
          setOpen(true);
        }}
      >
        Rename
      </Button>
      <PromptDialog
        open={open}
        title={`Rename this ${noun}`}
        label="Name"
        initialValue={name}
        submitLabel="Rename"
        busy={rename.isPending}
        fieldError={fieldErrorsOf(error)[field]}
        formError={formErrorOf(error, [field])}
        onSubmit={(value) => rename.run(value, { onSuccess: () => setOpen(false) })}
        onClose={() => setOpen(false)}
      />
    </>
  );
}
