"use client";
import { Button, TextField } from "@industryos/ui";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { postJson, RestError } from "../rest.ts";
import { useFormSubmit } from "./use-form-submit.ts";

type FieldErrors = Partial<Record<"email" | "password" | "tenantName", string>>;

/** zod issues come back as details: [{path, message}]; show each under its field. */
function fieldErrorsOf(error: unknown): FieldErrors {
  if (!(error instanceof RestError) || !Array.isArray(error.details)) return {};
  const result: FieldErrors = {};
  for (const issue of error.details as { path?: string[]; message?: string }[]) {
    const field = issue.path?.[0] as keyof FieldErrors | undefined;
    if (field && !result[field]) result[field] = issue.message;
  }
  return result;
}

export function SignupForm() {
  const router = useRouter();
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const { onSubmit, busy, error } = useFormSubmit(
    async (form) => {
      setFieldErrors({});
      await postJson("/api/v1/auth/signup", {
        tenantName: form.get("tenantName"),
        email: form.get("email"),
        password: form.get("password"),
      });
      router.replace("/devices");
    },
    { navigatesOnSuccess: true, onError: (e) => setFieldErrors(fieldErrorsOf(e)) },
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
        hint="At least 10 characters."
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
