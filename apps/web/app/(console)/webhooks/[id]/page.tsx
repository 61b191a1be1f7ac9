import type { Metadata } from "next";
import { WebhookPage } from "@/client/webhooks/webhook-page.tsx";

export const metadata: Metadata = { title: "Webhook" };

export default function Page() {
  return <WebhookPage />;
}
