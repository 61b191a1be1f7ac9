import type { Metadata } from "next";
import { DashboardDetailPage } from "@/client/dashboards/dashboard-pages.tsx";

export const metadata: Metadata = { title: "Dashboard" };

export default function Page() {
  return <DashboardDetailPage />;
}
