"use client";
import { Button, Spinner, TextField } from "@industryos/ui";
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { useMutation } from "@tanstack/react-query";
import { Suspense, useEffect, useRef, useState } from "react";
import { useTRPC } from "../trpc.ts";
import { useFormSubmit } from "./use-form-submit.ts";

/**
 * Sign-up in two steps: the form answers "check your email" for every address (the API does not
 * say whether an account exists), and the emailed link (`/signup?confirm=<token>`) creates the
 * workspace and signs in.
 */
export function SignupForm() {
  // useSearchParams needs a Suspense boundary for the page to be prerendered.
  return (
    <Suspense fallback={<Spinner label="Loading…" />}>
      <SignupSteps />
    </Suspense>
  );
}

function SignupSteps() {
  const token = useSearchParams().get("confirm");
  return token ? <ConfirmSignup token={token} /> : <SignupRequest />;
}

function SignupRequest() {
  const trpc = useTRPC();
  const signup = useMutation(trpc.auth.signup.mutationOptions());
  const [sentTo, setSentTo] = useState<string>();
  // zod issues come back as error.data.details ([{path, message}]): each shows under its field.
  const { onSubmit, busy, error, fieldErrors } = useFormSubmit(
    async (form) => {
      const accepted = await signup.mutateAsync({
        body: {
          tenantName: String(form.get("tenantName") ?? ""),
          email: String(form.get("email") ?? ""),
          password: String(form.get("password") ?? ""),
        },
      });
      setSentTo(accepted.email);
    },
    { fields: ["tenantName", "email", "password"] },
  );

  if (sentTo)
    return (
      <div className="space-y-3 text-sm" data-testid="signup-sent">
        <h1 className="text-lg font-semibold">Check your email</h1>
        <p className="text-slate-600">
          We sent a link to <strong>{sentTo}</strong>. Open it to finish creating your workspace; it works for 48 hours.
        </p>
        <p className="text-slate-500">
          Nothing arrived? Check the spam folder, or{" "}
          <button type="button" className="text-brand-600 hover:underline" onClick={() => setSentTo(undefined)}>
            sign up again
          </button>
          .
        </p>
      </div>
    );

  return (
    <form onSubmit={onSubmit} className="space-y-4">
      <div>
        <h1 className="text-lg font-semibold">Create your workspace</h1>
        <p className="text-sm text-slate-500">Free, and ready in seconds.</p>
      </div>
      <TextField label="Company or workspace name" name="tenantName" required error={fieldErrors.tenantName} />
      <TextField label="Work email" name="email" type="email" autoComplete="email" required error={fieldErrors.email} />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        minLength={10}
        hint="At least 10 characters; not a common password or your email."
        error={fieldErrors.password}
      />
      {error && (
        <p role="alert" className="text-sm text-red-600">
          {error}
        </p>
      )}
      <Button type="submit" busy={busy} className="w-full">
        Create workspace
      </Button>
      <p className="text-center text-sm text-slate-500">
        Already have an account?{" "}
        <Link href="/login" className="font-medium text-brand-600 hover:underline">
          Sign in
        </Link>
      </p>
    </form>
  );
}

function ConfirmSignup({ token }: { token: string }) {
  const router = useRouter();
  const trpc = useTRPC();
  const { mutateAsync: confirm } = useMutation(trpc.auth.confirmSignup.mutationOptions());
  const [failure, setFailure] = useState<string>();
  // The token works once: do not send it twice (React runs effects twice in development).
  const sent = useRef(false);

  useEffect(() => {
    if (sent.current) return;
    sent.current = true;
    confirm({ body: { token } }).then(
      () => router.replace("/"),
      (e: Error) => setFailure(e.message),
    );
  }, [token, confirm, router]);

  if (!failure) return <Spinner label="Creating your workspace…" />;
  return (
    <div className="space-y-3 text-sm">
      <h1 className="text-lg font-semibold">This link did not work</h1>
      <p className="text-slate-600">{failure}</p>
      <p className="flex gap-4">
        <Link href="/signup" className="text-brand-600 hover:underline">
          Sign up again
        </Link>
        <Link href="/login" className="text-brand-600 hover:underline">
          Sign in
        </Link>
      </p>
    </div>
  );
}
