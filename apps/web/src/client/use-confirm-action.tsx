"use client";
import { ConfirmDialog } from "@industryos/ui";
import { useState, type ReactNode } from "react";

/**
 * A row action behind the console's confirm dialog, for list pages with a Delete or Revoke per row:
 * `ask(row)` opens the dialog, its button runs `action(row)`, the dialog closes when that succeeds
 * and shows the error in words (staying open) when it fails. Render `dialog` once in the page.
 */
export function useConfirmAction<T>(options: {
  title: (item: T) => string;
  body: (item: T) => ReactNode;
  confirmLabel: string;
  /** For an action that destroys many things: the text to type before the button works. */
  typedConfirmation?: (item: T) => string | undefined;
  action: (item: T) => Promise<unknown>;
}) {
  const [item, setItem] = useState<{ value: T } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const confirm = async () => {
    if (!item) return;
    setBusy(true);
    setError(null);
    try {
      await options.action(item.value);
      setItem(null);
    } catch (e) {
      setError(e instanceof Error ? e : new Error(String(e)));
    } finally {
      setBusy(false);
    }
  };
  const dialog = (
    <ConfirmDialog
      open={item !== null}
      title={item ? options.title(item.value) : ""}
      confirmLabel={options.confirmLabel}
      busy={busy}
      error={error}
      typedConfirmation={item ? options.typedConfirmation?.(item.value) : undefined}
      onConfirm={() => void confirm()}
      onClose={() => setItem(null)}
    >
      {item && options.body(item.value)}
    </ConfirmDialog>
  );
  return {
    ask: (value: T) => {
      setError(null);
      setItem({ value });
    },
    dialog,
  };
}
