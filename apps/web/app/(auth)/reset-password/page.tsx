import type { Metadata } from "next";
import { Suspense } from "react";
import { ResetPasswordForm } from "@/client/auth/reset-password-form.tsx";

export const metadata: Metadata = { title: "Set your password" };

export default function ResetPasswordPage() {
  return (
    <Suspense>
      <ResetPasswordForm />
    </Suspense>
  );
}
