import type { Metadata } from "next";
import { BulkJobPage } from "@/client/bulk-jobs/bulk-job-page.tsx";

export const metadata: Metadata = { title: "Bulk job" };

export default function Page() {
  return <BulkJobPage />;
}
