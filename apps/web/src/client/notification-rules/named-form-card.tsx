"use client";
import { Card, TextField } from "@industryos/ui";
import type { ReactNode } from "react";
import { FormActions } from "../form-actions.tsx";
import { errorAt } from "../notifications/field-errors.ts";

/**
 * A rule's or policy's create-or-edit form, in a card above its list: the Name field first, the
 * rest in `children`, then the save's error and the buttons. `label` names the form for assistive
 * technology ("Notification rule").
 */
export function NamedFormCard({
  title,
  label,
  name,
  onNameChange,
  namePlaceholder,
  error,
  fields,
  submitLabel,
  busy,
  onSubmit,
  onCancel,
  children,
}: {
  title: string;
  label: string;
  name: string;
  onNameChange: (name: string) => void;
  namePlaceholder: string;
  error: unknown;
  /** The fields whose errors show beside them. */
  fields: readonly string[];
  submitLabel: string;
  busy: boolean;
  onSubmit: () => void;
  onCancel: () => void;
  children: ReactNode;
}) {
  return (
    <Card title={title} className="mb-6">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          onSubmit();
        }}
        className="space-y-4"
        aria-label={label}
      >
        <TextField
          label="Name"
          value={name}
          onChange={(e) => onNameChange(e.target.value)}
          required
          maxLength={255}
          placeholder={namePlaceholder}
          error={errorAt(error, "name")}
        />
        {children}
        <FormActions error={error} fields={fields} submitLabel={submitLabel} busy={busy} onCancel={onCancel} />
      </form>
    </Card>
  );
}
