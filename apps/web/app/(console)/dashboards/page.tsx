import type { Metadata } from "next";
import { DashboardsListPage } from "@/client/dashboards/dashboard-pages.tsx";

export const metadata: Metadata = { title: "Dashboards" };

export default function Page() {
  return <DashboardsListPage />;
}
