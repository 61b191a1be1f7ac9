import type { Metadata } from "next";
import { AssetsPage } from "@/client/pages/assets-page.tsx";

export const metadata: Metadata = { title: "Assets" };

export default function Page() {
  return <AssetsPage />;
}
