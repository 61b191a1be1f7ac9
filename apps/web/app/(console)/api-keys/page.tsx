import type { Metadata } from "next";
import { ApiKeysPage } from "@/client/pages/api-keys-page.tsx";

export const metadata: Metadata = { title: "API keys" };

export default function Page() {
  return <ApiKeysPage />;
}
