import type { Metadata } from "next";
import { CustomerDetailPage } from "@/client/customers/customer-detail-page.tsx";

export const metadata: Metadata = { title: "Customer" };

export default function Page() {
  return <CustomerDetailPage />;
}
