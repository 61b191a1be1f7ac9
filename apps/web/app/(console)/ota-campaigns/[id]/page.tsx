import type { Metadata } from "next";
import { OtaCampaignPage } from "@/client/ota/ota-campaign-page.tsx";

export const metadata: Metadata = { title: "OTA campaign" };

export default function Page() {
  return <OtaCampaignPage />;
}
