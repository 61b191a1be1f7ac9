import type { Metadata } from "next";
import { AlarmDetailPage } from "@/client/alarms/alarm-detail-page.tsx";

export const metadata: Metadata = { title: "Alarm" };

export default function Page() {
  return <AlarmDetailPage />;
}
