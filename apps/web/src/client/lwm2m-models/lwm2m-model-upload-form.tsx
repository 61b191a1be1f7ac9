"use client";
import { Button } from "@industryos/ui";
import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { FormError } from "../form-error.tsx";
import { fieldErrorsOf } from "../form-errors.ts";
import { useTRPC } from "../trpc.ts";

/** Larger than any OMA registry DDF file; the API refuses past 1,000,000 characters too. */
const MAX_FILE_BYTES = 1_000_000;

/** Uploads one DDF file; the API's verdict on it (malformed XML, unknown type…) shows beside the file field. */
export function Lwm2mModelUploadForm({ onDone, onCancel }: { onDone: () => void; onCancel: () => void }) {
  const trpc = useTRPC();
  const upload = useMutation(trpc.lwm2mModels.upload.mutationOptions({ onSuccess: onDone }));
  const [fileError, setFileError] = useState<string | null>(null);
  const error = fileError ?? fieldErrorsOf(upload.error).ddf;

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const file = new FormData(event.currentTarget).get("ddf");
    if (!(file instanceof File) || file.size === 0) return setFileError("Choose a DDF file (.xml)");
    if (file.size > MAX_FILE_BYTES) return setFileError("A DDF file may be at most 1,000,000 bytes");
    const ddf = await file.text();
    // A binary (a PNG picked by mistake) would come back as the API's "body contains a NUL character".
    if (ddf.includes("\0")) return setFileError("This is not a text file: a DDF file is XML (e.g. 3300.xml)");
    setFileError(null);
    upload.mutate({ body: { ddf } });
  };

  return (
    <form onSubmit={(event) => void submit(event)} className="space-y-4" noValidate>
      <label className="block text-sm font-medium text-slate-700">
        DDF file
        <input
          type="file"
          name="ddf"
          accept=".xml,application/xml,text/xml"
          aria-invalid={error ? true : undefined}
          aria-describedby="ddf-hint"
          onChange={() => setFileError(null)}
          className="mt-1 block w-full text-sm"
        />
        <span id="ddf-hint" className="mt-1 block text-xs font-normal text-slate-500">
          One object&apos;s OMA DDF XML, as the OMA LwM2M registry publishes them (e.g. 3300.xml).
        </span>
        {error && (
          <span role="alert" className="mt-1 block text-sm font-normal text-red-600">
            {error}
          </span>
        )}
      </label>
      <FormError error={upload.error} fields={["ddf"]} />
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" busy={upload.isPending}>
          Upload model
        </Button>
      </div>
    </form>
  );
}
