import type { Metadata } from "next";
import { WebhooksPage } from "@/client/webhooks/webhooks-page.tsx";

export const metadata: Metadata = { title: "Webhooks" };

export default function Page() {
  return <WebhooksPage />;
}
