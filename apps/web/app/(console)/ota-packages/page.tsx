import type { Metadata } from "next";
import { OtaPackagesPage } from "@/client/ota/ota-packages-page.tsx";

export const metadata: Metadata = { title: "OTA packages" };

export default function Page() {
  return <OtaPackagesPage />;
}
