"use client";
import type { ReactNode } from "react";
import { Button } from "./button.tsx";

/** A form's Cancel beside its submit button (the action's own verb), right-aligned, wrapping on a phone. */
export function FormButtons({
  submitLabel,
  busy,
  onCancel,
}: {
  submitLabel: ReactNode;
  busy?: boolean;
  onCancel: () => void;
}) {
  return (
    <div className="flex flex-wrap justify-end gap-2 pt-1">
      <Button variant="secondary" onClick={onCancel}>
        Cancel
      </Button>
      <Button type="submit" busy={busy}>
        {submitLabel}
      </Button>
    </div>
  );
}
