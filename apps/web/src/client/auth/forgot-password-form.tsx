"use client";
import { Button, TextField } from "@industryos/ui";
import Link from "next/link";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "../trpc.ts";
import { useFormSubmit } from "./use-form-submit.ts";

export function ForgotPasswordForm() {
  const [sent, setSent] = useState(false);
  const trpc = useTRPC();
  const request = useMutation(trpc.auth.requestPasswordReset.mutationOptions());
  const { onSubmit, busy, error, fieldErrors } = useFormSubmit(
    async (form) => {
      await request.mutateAsync({ body: { email: String(form.get("email") ?? "") } });
      setSent(true);
    },
    { fields: ["email"] },
  );

  if (sent) {
    return (
      <div className="space-y-3 text-sm">
        <h1 className="text-lg font-semibold">Check your inbox</h1>
        <p className="text-slate-600">
          If an account uses that address, we sent it a link to choose a new password. The link works for one hour.
        </p>
        <Link href="/login" className="text-brand-600 hover:underline">
          Back to sign in
        </Link>
      </div>
    );
  }
  return (
    <form onSubmit={onSubmit} className="space-y-4">
      <h1 className="text-lg font-semibold">Reset your password</h1>
      <TextField label="Email" name="email" type="email" required error={fieldErrors.email} />
      {error && (
        <p role="alert" className="text-sm text-red-600">
          {error}
        </p>
      )}
      <Button type="submit" busy={busy} className="w-full">
        Send reset link
      </Button>
      <p className="text-center text-sm text-slate-500">
        Remembered it?{" "}
        <Link href="/login" className="font-medium text-brand-600 hover:underline">
          Back to sign in
        </Link>
      </p>
    </form>
  );
}
