"use client";
import { useEffect, useState, type ReactNode } from "react";
import { Button } from "./button.tsx";
import { Dialog } from "./dialog.tsx";
import { TextField } from "./field.tsx";

/**
 * The console's "are you sure?": a Dialog with what will happen, the action's own verb on its
 * button, Cancel, and the action's error in words when it failed (the dialog stays open).
 * `blocked` explains why the action cannot be done at all (no confirm button then).
 * `typedConfirmation`: for an action that destroys many things at once, the button stays disabled
 * until this exact text is typed, so a stray click or Enter cannot do it.
 */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  tone = "danger",
  busy,
  error,
  blocked,
  typedConfirmation,
  onConfirm,
  onClose,
}: {
  open: boolean;
  title: string;
  children?: ReactNode;
  confirmLabel: string;
  tone?: "danger" | "primary";
  busy?: boolean;
  error?: { message: string } | null;
  blocked?: ReactNode;
  typedConfirmation?: string;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const [typed, setTyped] = useState("");
  useEffect(() => {
    if (open) setTyped("");
  }, [open]);
  const confirmed = typedConfirmation === undefined || typed.trim() === typedConfirmation;
  return (
    <Dialog open={open} title={title} onClose={onClose}>
      <div className="space-y-3 text-sm text-slate-600">
        {blocked ? (
          <p className="text-amber-800">{blocked}</p>
        ) : typeof children === "string" ? (
          // A bare text would run into the fields below it: it gets a paragraph of its own.
          <p>{children}</p>
        ) : (
          children
        )}
        {!blocked && typedConfirmation !== undefined && (
          <TextField
            label={`Type “${typedConfirmation}” to confirm`}
            value={typed}
            autoComplete="off"
            onChange={(e) => setTyped(e.target.value)}
          />
        )}
        {error && (
          <p role="alert" className="text-red-600">
            {error.message}
          </p>
        )}
        <div className="flex justify-end gap-2 pt-1">
          <Button variant="secondary" onClick={onClose}>
            {blocked ? "Close" : "Cancel"}
          </Button>
          {!blocked && (
            <Button variant={tone} busy={busy} disabled={!confirmed} onClick={onConfirm}>
              {confirmLabel}
            </Button>
          )}
        </div>
      </div>
    </Dialog>
  );
}
