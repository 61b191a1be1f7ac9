"use client";
import { PageHeader } from "@industryos/ui";
import Link from "next/link";
import { useParams } from "next/navigation";
import { BulkJobPanel } from "./bulk-job-panel.tsx";

export function BulkJobPage() {
  const { id } = useParams<{ id: string }>();
  return (
    <>
      <PageHeader
        title="Bulk job"
        actions={
          <Link href="/devices" className="text-sm text-brand-700 underline">
            Back to devices
          </Link>
        }
      />
      <BulkJobPanel jobId={id} />
    </>
  );
}
