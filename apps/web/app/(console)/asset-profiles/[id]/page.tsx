import type { Metadata } from "next";
import { ProfileDetailPage } from "@/client/profiles/profile-detail-page.tsx";

export const metadata: Metadata = { title: "Asset profile" };

export default function Page() {
  return <ProfileDetailPage kind="asset" />;
}
