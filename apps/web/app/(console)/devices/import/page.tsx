import type { Metadata } from "next";
import { DeviceImportPage } from "@/client/bulk-jobs/device-import-page.tsx";

export const metadata: Metadata = { title: "Import devices" };

export default function Page() {
  return <DeviceImportPage />;
}
