import type { Metadata } from "next";
import { ForgotPasswordForm } from "@/client/auth/forgot-password-form.tsx";

export const metadata: Metadata = { title: "Reset your password" };

export default function ForgotPasswordPage() {
  return <ForgotPasswordForm />;
}
