"use client";
import { Button, Spinner, TextField } from "@industryos/ui";
import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { useTRPC } from "../trpc.ts";
import { useFormSubmit } from "./use-form-submit.ts";

/**
 * The page of an emailed password link. The link says what it is for: an invitation names the
 * workspace being joined and asks for a first password; a reset asks for a new one.
 */
export function ResetPasswordForm() {
  const token = useSearchParams().get("token") ?? "";
  const router = useRouter();
  const trpc = useTRPC();
  const link = useQuery({
    ...trpc.auth.describePasswordLink.queryOptions({ token }),
    enabled: token !== "",
    retry: false,
  });
  const confirm = useMutation(trpc.auth.confirmPasswordReset.mutationOptions());
  const { onSubmit, busy, error, fieldErrors } = useFormSubmit(
    async (form) => {
      await confirm.mutateAsync({ body: { token, password: String(form.get("password") ?? "") } });
      router.replace("/login?reset=1");
    },
    { navigatesOnSuccess: true, fields: ["password"] },
  );

  if (token && link.isPending) return <Spinner label="Opening your link…" />;
  if (!token || link.error)
    return (
      <div className="space-y-3 text-sm">
        <h1 className="text-lg font-semibold">This link no longer works</h1>
        <p role="alert" className="text-slate-600">
          {link.error?.message ?? "The link is incomplete."} An invitation works for a week, a reset link for an hour,
          and each only once.
        </p>
        <p className="flex gap-4">
          <Link href="/forgot-password" className="font-medium text-brand-600 hover:underline">
            Get a new link
          </Link>
          <Link href="/login" className="text-brand-600 hover:underline">
            Back to sign in
          </Link>
        </p>
      </div>
    );

  const invitation = link.data?.purpose === "invitation";
  return (
    <form onSubmit={onSubmit} className="space-y-4">
      <div>
        <h1 className="text-lg font-semibold">
          {invitation ? `Join ${link.data?.workspaceName ?? "your workspace"}` : "Choose a new password"}
        </h1>
        <p className="text-sm text-slate-500">
          {invitation
            ? `You were invited as ${link.data?.email}. Set a password to sign in.`
            : `For ${link.data?.email}.`}
        </p>
      </div>
      <TextField
        label={invitation ? "Password" : "New password"}
        name="password"
        type="password"
        minLength={10}
        required
        autoComplete="new-password"
        hint="At least 10 characters; not a common password or your email."
        error={fieldErrors.password}
      />
      {!invitation && <p className="text-xs text-slate-500">Every device you are signed in on will be signed out.</p>}
      {error && (
        <p role="alert" className="text-sm text-red-600">
          {error}
        </p>
      )}
      <Button type="submit" busy={busy} className="w-full">
        {invitation ? "Set password and join" : "Set password"}
      </Button>
    </form>
  );
}
