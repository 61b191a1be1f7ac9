import type { Metadata } from "next";
import { EscalationPoliciesPage } from "@/client/notification-rules/escalation-policies-page.tsx";

export const metadata: Metadata = { title: "Escalation policies" };

export default function Page() {
  return <EscalationPoliciesPage />;
}
