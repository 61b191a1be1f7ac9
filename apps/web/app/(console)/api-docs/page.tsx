import type { Metadata } from "next";
import { ApiDocsPage } from "@/client/pages/api-docs-page.tsx";

export const metadata: Metadata = { title: "API reference" };

export default function Page() {
  return <ApiDocsPage />;
}
