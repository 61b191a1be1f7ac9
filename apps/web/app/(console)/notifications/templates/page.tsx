import type { Metadata } from "next";
import { TemplatesPage } from "@/client/notifications/templates-page.tsx";

export const metadata: Metadata = { title: "Notification templates" };

export default function Page() {
  return <TemplatesPage />;
}
