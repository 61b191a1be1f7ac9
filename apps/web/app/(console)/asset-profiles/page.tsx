import type { Metadata } from "next";
import { ProfilesPage } from "@/client/pages/profiles-page.tsx";

export const metadata: Metadata = { title: "Asset profiles" };

export default function Page() {
  return <ProfilesPage kind="asset" />;
}
