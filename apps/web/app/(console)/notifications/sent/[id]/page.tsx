import type { Metadata } from "next";
import { RequestDetailPage } from "@/client/notifications/request-detail-page.tsx";

export const metadata: Metadata = { title: "Notification" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  return <RequestDetailPage id={(await params).id} />;
}
