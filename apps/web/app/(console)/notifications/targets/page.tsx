import type { Metadata } from "next";
import { TargetsPage } from "@/client/notifications/targets-page.tsx";

export const metadata: Metadata = { title: "Notification targets" };

export default function Page() {
  return <TargetsPage />;
}
