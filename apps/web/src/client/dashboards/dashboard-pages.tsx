"use client";
import { useParams } from "next/navigation";
import { DashboardScreen, DashboardsScreen, PublicDashboardScreen } from "@industryos/ui/dashboard";
import { useSessionUser } from "../console/session-context.tsx";

/** /dashboards: customer users see the dashboards shared with them, read-only. */
export function DashboardsListPage() {
  const user = useSessionUser();
  return <DashboardsScreen readOnly={user.role === "CUSTOMER_USER"} />;
}

/** /dashboards/{id}: the live dashboard, with edit and sharing for tenant admins. */
export function DashboardDetailPage() {
  const user = useSessionUser();
  const { id } = useParams<{ id: string }>();
  return <DashboardScreen id={id} readOnly={user.role === "CUSTOMER_USER"} />;
}

/** /public/dashboards/{publicId}: no sign-in; the link itself authenticates the WebSocket. */
export function PublicDashboardPage() {
  const { publicId } = useParams<{ publicId: string }>();
  return <PublicDashboardScreen publicId={publicId} />;
}
