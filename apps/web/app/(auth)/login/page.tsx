import type { Metadata } from "next";
import { LoginForm } from "@/client/auth/login-form.tsx";

export const metadata: Metadata = { title: "Sign in" };

export default function LoginPage() {
  return <LoginForm />;
}
