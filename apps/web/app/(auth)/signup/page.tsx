import type { Metadata } from "next";
import { SignupForm } from "@/client/auth/signup-form.tsx";

export const metadata: Metadata = { title: "Create your workspace" };

export default function SignupPage() {
  return <SignupForm />;
}
