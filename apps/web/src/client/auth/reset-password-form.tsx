"use client";
import { Button, TextField } from "@industryos/ui";
import { useRouter, useSearchParams } from "next/navigation";
import { useState, type FormEvent } from "react";
import { postJson } from "../rest.ts";

export function ResetPasswordForm() {
  const token = useSearchParams().get("token") ?? "";
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setBusy(true);
    try {
      await postJson("/api/v1/auth/password-reset/confirm", { token, password: new FormData(event.currentTarget).get("password") });
      router.replace("/login?reset=1");
    } catch (e) {
      setError((e as Error).message);
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} className="space-y-4">
      <h1 className="text-lg font-semibold">Choose a new password</h1>
      <TextField label="New password" name="password" type="password" minLength={10} required autoComplete="new-password" />
      <p className="text-xs text-slate-500">Every device you are signed in on will be signed out.</p>
      {error && <p role="alert" className="text-sm text-red-600">{error}</p>}
      <Button type="submit" busy={busy} className="w-full" disabled={!token}>Set password</Button>
    </form>
  );
}
