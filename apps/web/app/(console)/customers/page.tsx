import type { Metadata } from "next";
import { CustomersPage } from "@/client/pages/customers-page.tsx";

export const metadata: Metadata = { title: "Customers" };

export default function Page() {
  return <CustomersPage />;
}
