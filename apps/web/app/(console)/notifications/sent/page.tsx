import type { Metadata } from "next";
import { SentPage } from "@/client/notifications/sent-page.tsx";

export const metadata: Metadata = { title: "Sent notifications" };

export default function Page() {
  return <SentPage />;
}
