import type { Metadata } from "next";
import { PublicDashboardPage } from "@/client/dashboards/dashboard-pages.tsx";

export const metadata: Metadata = { title: "Dashboard" };

/** Outside the console layout: no sign-in, nothing but the dashboard. */
export default function Page() {
  return <PublicDashboardPage />;
}
