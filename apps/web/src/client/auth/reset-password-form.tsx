"use client";
import { Button, TextField } from "@industryos/ui";
import { useMutation } from "@tanstack/react-query";
import { useRouter, useSearchParams } from "next/navigation";
import { useTRPC } from "../trpc.ts";
import { useFormSubmit } from "./use-form-submit.ts";

export function ResetPasswordForm() {
  const token = useSearchParams().get("token") ?? "";
  const router = useRouter();
  const trpc = useTRPC();
  const confirm = useMutation(trpc.auth.confirmPasswordReset.mutationOptions());
  const { onSubmit, busy, error, fieldErrors } = useFormSubmit(
    async (form) => {
      await confirm.mutateAsync({ body: { token, password: String(form.get("password") ?? "") } });
      router.replace("/login?reset=1");
    },
    { navigatesOnSuccess: true, fields: ["password"] },
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
        error={fieldErrors.password}
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
