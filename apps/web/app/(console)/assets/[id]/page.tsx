import type { Metadata } from "next";
import { AssetDetailPage } from "@/client/assets/asset-detail-page.tsx";

export const metadata: Metadata = { title: "Asset" };

export default function Page() {
  return <AssetDetailPage />;
}
