import type { Metadata } from "next";
import { DeviceDetailPage } from "@/client/devices/device-detail-page.tsx";

export const metadata: Metadata = { title: "Device" };

export default function Page() {
  return <DeviceDetailPage />;
}
