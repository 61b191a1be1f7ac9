"use client";
import { Button, TextField } from "@industryos/ui";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMutation } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTRPC } from "../trpc.ts";
import { useFormSubmit } from "./use-form-submit.ts";

export function LoginForm() {
  const router = useRouter();
  const trpc = useTRPC();
  const login = useMutation(trpc.auth.login.mutationOptions());
  const { onSubmit, busy, error, fieldErrors } = useFormSubmit(
    async (form) => {
      const { user } = await login.mutateAsync({
        body: {
          email: String(form.get("email") ?? ""),
          password: String(form.get("password") ?? ""),
          rememberMe: form.get("rememberMe") === "on",
        },
      });
      const next = new URLSearchParams(window.location.search).get("next");
      // Only same-site paths: a crafted ?next= must not send the user elsewhere.
      // Administrators start at the home page's first steps; customer users at their devices.
      const home = user.role === "SYS_ADMIN" ? "/tenants" : user.role === "TENANT_ADMIN" ? "/" : "/devices";
      router.replace(next?.startsWith("/") && !next.startsWith("//") ? next : home);
    },
    { navigatesOnSuccess: true, fields: ["email", "password"] },
  );

  return (
    <form onSubmit={onSubmit} className="space-y-4">
      <h1 className="text-lg font-semibold">Sign in</h1>
      <ResetNotice />
      <TextField label="Email" name="email" type="email" autoComplete="email" required error={fieldErrors.email} />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
        error={fieldErrors.password}
      />
      <div className="flex items-center justify-between text-sm">
        <label className="flex items-center gap-2 text-slate-600">
          <input type="checkbox" name="rememberMe" className="rounded border-slate-300" /> Remember me
        </label>
        <Link href="/forgot-password" className="text-brand-600 hover:underline">
          Forgot password?
        </Link>
      </div>
      {error && (
        <p role="alert" className="text-sm text-red-600">
          {error}
        </p>
      )}
      <Button type="submit" busy={busy} className="w-full">
        Sign in
      </Button>
      <p className="text-center text-sm text-slate-500">
        New here?{" "}
        <Link href="/signup" className="font-medium text-brand-600 hover:underline">
          Create a workspace
        </Link>
      </p>
    </form>
  );
}

/** After a password reset the form says so, since the user just left another page. */
function ResetNotice() {
  const [reset, setReset] = useState(false);
  useEffect(() => setReset(new URLSearchParams(window.location.search).has("reset")), []);
  return reset ? (
    <p className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
      Your password is set. Sign in with it now.
    </p>
  ) : null;
}
