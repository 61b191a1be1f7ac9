"use client";
import { Button, TextField } from "@industryos/ui";
import { useRouter, useSearchParams } from "next/navigation";
import { postJson } from "../rest.ts";
import { useFormSubmit } from "./use-form-submit.ts";

export function ResetPasswordForm() {
  const token = useSearchParams().get("token") ?? "";
  const router = useRouter();
  const { onSubmit, busy, error } = useFormSubmit(
    async (form) => {
      await postJson("/api/v1/auth/password-reset/confirm", { token, password: form.get("password") });
      router.replace("/login?reset=1");
    },
    { navigatesOnSuccess: true },
  );

  return (
    <form onSubmit={onSubmit} className="space-y-4">
      <h1 className="text-lg font-semibold">Choose a new password</h1>
      <TextField
        label="New password"
        name="password"
        type="password"
        minLength={10}
        required
        autoComplete="new-password"
      />
      <p className="text-xs text-slate-500">Every device you are signed in on will be signed out.</p>
      {error && (
        <p role="alert" className="text-sm text-red-600">
          {error}
        </p>
      )}
      <Button type="submit" busy={busy} className="w-full" disabled={!token}>
        Set password
      </Button>
    </form>
  );
}
