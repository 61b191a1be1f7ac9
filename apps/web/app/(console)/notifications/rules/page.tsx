import type { Metadata } from "next";
import { NotificationRulesPage } from "@/client/notification-rules/rules-page.tsx";

export const metadata: Metadata = { title: "Notification rules" };

export default function Page() {
  return <NotificationRulesPage />;
}
