"use client";
import { useState, type FormEvent } from "react";
import { fieldErrorsOf, formErrorOf } from "../form-errors.ts";

/**
 * The submit state every auth form shares: the button is busy while the request runs, the
 * server's error is shown in words (field problems beside the fields named in `fields`), and a
 * form that navigates away on success stays busy so it cannot be sent twice.
 */
export function useFormSubmit(
  action: (form: FormData) => Promise<unknown>,
  options: { navigatesOnSuccess?: boolean; fields?: readonly string[] } = {},
) {
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setFailure(undefined);
    try {
      await action(form);
      if (!options.navigatesOnSuccess) setBusy(false);
    } catch (e) {
      setFailure(e);
      setBusy(false);
    }
  };

  return {
    onSubmit,
    busy,
    error: formErrorOf(failure, options.fields),
    fieldErrors: fieldErrorsOf(failure) as Partial<Record<string, string>>,
  };
}
