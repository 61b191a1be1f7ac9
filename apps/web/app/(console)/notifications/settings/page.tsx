import type { Metadata } from "next";
import { SettingsPage } from "@/client/notifications/settings-page.tsx";

export const metadata: Metadata = { title: "Notification settings" };

export default function Page() {
  return <SettingsPage />;
}
