"use client";
import { Button, Card, PageHeader } from "@industryos/ui";
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { FormError } from "../form-error.tsx";
import { useTRPC } from "../trpc.ts";
import { RecentJobs } from "./recent-jobs.tsx";

/** What the file may hold, shown beside the upload. */
const SAMPLE = "name,type,label,profile,customer,credentialsValue,shared:targetTemperature,server:serial";

/** The import's first step: choose the file; the next page shows the validation report (nothing is written yet). */
export function DeviceImportPage() {
  const trpc = useTRPC();
  const router = useRouter();
  const [fileError, setFileError] = useState<string>();
  const validate = useMutation(
    trpc.bulkJobs.importDevices.mutationOptions({ onSuccess: (job) => router.push(`/bulk-jobs/${job.id}`) }),
  );
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const file = form.get("file");
    if (!(file instanceof File) || file.size === 0) return setFileError("Choose a CSV file");
    if (file.size > 1024 * 1024) return setFileError("The file is larger than 1 MiB: split it into several imports");
    setFileError(undefined);
    validate.mutate({ body: { csv: await file.text(), updateExisting: form.get("updateExisting") === "on" } });
  };
  return (
    <>
      <PageHeader
        title="Import devices"
        description="Upload a CSV file: every row is checked first, and nothing changes until you start the import."
        actions={
          <Link href="/devices" className="text-sm text-brand-700 underline">
            Back to devices
          </Link>
        }
      />
      <Card title="1. Choose the file">
        <form onSubmit={submit} className="space-y-4">
          <div className="space-y-1">
            <label htmlFor="import-file" className="block text-sm font-medium text-slate-700">
              CSV file
            </label>
            <input
              id="import-file"
              name="file"
              type="file"
              accept=".csv,text/csv"
              className="block w-full text-sm text-slate-700 file:mr-3 file:rounded-md file:border-0 file:bg-slate-100 file:px-3 file:py-1.5"
            />
            {fileError ? (
              <p className="text-xs text-red-600">{fileError}</p>
            ) : (
              <p className="break-words text-xs text-slate-500">
                First line the headers, e.g. <code>{SAMPLE}</code>. Profiles and customers by name; an empty credentials
                value gets a generated token.
              </p>
            )}
          </div>
          <label className="flex items-center gap-2 text-sm text-slate-700">
            <input type="checkbox" name="updateExisting" className="rounded border-slate-300" /> Update devices that
            already exist (matched by name)
          </label>
          <FormError error={validate.error} />
          <div className="flex justify-end">
            <Button type="submit" busy={validate.isPending}>
              Check the file
            </Button>
          </div>
        </form>
      </Card>
      <div className="mt-6">
        <RecentJobs />
      </div>
    </>
  );
}
