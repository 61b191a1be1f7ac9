import type { Metadata } from "next";
import { OtaCampaignsPage } from "@/client/ota/ota-campaigns-page.tsx";

export const metadata: Metadata = { title: "OTA campaigns" };

export default function Page() {
  return <OtaCampaignsPage />;
}
