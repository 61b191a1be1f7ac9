import type { Metadata } from "next";
import { ReportsPage } from "@/client/reports/reports-page.tsx";

export const metadata: Metadata = { title: "Reports" };

export default function Page() {
  return <ReportsPage />;
}
