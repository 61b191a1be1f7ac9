"use client";
import { formErrorOf } from "./form-errors.ts";

/** A form's error in words, above its buttons; nothing when each problem already shows beside one of `fields`. */
export function FormError({ error, fields }: { error: unknown; fields?: readonly string[] }) {
  const message = formErrorOf(error, fields);
  return message ? (
    <p role="alert" className="text-sm text-red-600">
      {message}
    </p>
  ) : null;
}
