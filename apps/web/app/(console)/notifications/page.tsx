import type { Metadata } from "next";
import { InboxPage } from "@/client/notifications/inbox-page.tsx";

export const metadata: Metadata = { title: "Notifications" };

export default function Page() {
  return <InboxPage />;
}
