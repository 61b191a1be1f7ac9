"use client";
import { useState, type FormEvent } from "react";

/**
 * The submit state every auth form shares: the button is busy while the request runs, the
 * server's error is shown in words, and a form that navigates away on success stays busy so
 * it cannot be sent twice.
 */
export function useFormSubmit(
  action: (form: FormData) => Promise<unknown>,
  options: { navigatesOnSuccess?: boolean; onError?: (error: unknown) => void } = {},
) {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(undefined);
    try {
      await action(form);
      if (!options.navigatesOnSuccess) setBusy(false);
    } catch (e) {
      options.onError?.(e);
      setError((e as Error).message);
      setBusy(false);
    }
  };

  return { onSubmit, busy, error };
}
