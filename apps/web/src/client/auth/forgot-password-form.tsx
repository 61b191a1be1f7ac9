"use client";
import { Button, TextField } from "@industryos/ui";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { postJson } from "../rest.ts";

export function ForgotPasswordForm() {
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setBusy(true);
    try {
      await postJson("/api/v1/auth/password-reset", { email: new FormData(event.currentTarget).get("email") });
      setSent(true);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  if (sent) {
    return (
      <div className="space-y-3 text-sm">
        <h1 className="text-lg font-semibold">Check your inbox</h1>
        <p className="text-slate-600">If an account uses that address, we sent it a link to choose a new password. The link works for one hour.</p>
        <Link href="/login" className="text-brand-600 hover:underline">Back to sign in</Link>
      </div>
    );
  }
  return (
    <form onSubmit={submit} className="space-y-4">
      <h1 className="text-lg font-semibold">Reset your password</h1>
      <TextField label="Email" name="email" type="email" required />
      {error && <p role="alert" className="text-sm text-red-600">{error}</p>}
      <Button type="submit" busy={busy} className="w-full">Send reset link</Button>
    </form>
  );
}
