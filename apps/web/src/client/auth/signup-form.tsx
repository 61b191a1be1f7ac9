"use client";
import { Button, TextField } from "@industryos/ui";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "../trpc.ts";
import { useFormSubmit } from "./use-form-submit.ts";

export function SignupForm() {
  const router = useRouter();
  const trpc = useTRPC();
  const signup = useMutation(trpc.auth.signup.mutationOptions());
  // zod issues come back as error.data.details ([{path, message}]): each shows under its field.
  const { onSubmit, busy, error, fieldErrors } = useFormSubmit(
    async (form) => {
      await signup.mutateAsync({
        body: {
          tenantName: String(form.get("tenantName") ?? ""),
          email: String(form.get("email") ?? ""),
          password: String(form.get("password") ?? ""),
        },
      });
      router.replace("/devices");
    },
    { navigatesOnSuccess: true, fields: ["tenantName", "email", "password"] },
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
