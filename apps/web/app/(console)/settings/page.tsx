import type { Metadata } from "next";
import { SettingsPage } from "@/client/settings/settings-page.tsx";

export const metadata: Metadata = { title: "Workspace settings" };

export default function Page() {
  return <SettingsPage />;
}
