"use client";
import { FormButtons } from "@industryos/ui";
import type { ReactNode } from "react";
import { FormError } from "./form-error.tsx";

/**
 * The end of a create-or-edit form: its error in words (unless every problem already shows beside
 * one of `fields`), then Cancel and the submit button.
 */
export function FormActions({
  error,
  fields,
  submitLabel,
  busy,
  onCancel,
}: {
  error: unknown;
  fields: readonly string[];
  submitLabel: ReactNode;
  busy: boolean;
  onCancel: () => void;
}) {
  return (
    <>
      <FormError error={error} fields={fields} />
      <FormButtons submitLabel={submitLabel} busy={busy} onCancel={onCancel} />
    </>
  );
}
