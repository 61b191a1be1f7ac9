"use client";
import { Button, Dialog, SelectField, TextField } from "@industryos/ui";
import { useState, type FormEvent } from "react";
import { FormError } from "../form-error.tsx";
import { fieldErrorsOf } from "../form-errors.ts";
import { uploadPackage, UploadError } from "./upload-package.ts";

const ALGORITHMS = ["SHA256", "SHA384", "SHA512", "MD5", "CRC32"].map((a) => ({ value: a, label: a }));
const FIELDS = ["title", "version", "type", "checksumAlgorithm", "tag", "deviceProfileId", "file"];

/** Upload a firmware or software package: fields, the file, a progress bar while it goes up. */
export function UploadPackageDialog({
  open,
  profiles,
  onClose,
  onUploaded,
}: {
  open: boolean;
  profiles: { id: string; name: string }[];
  onClose: () => void;
  onUploaded: () => void;
}) {
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<UploadError | null>(null);
  const fieldErrors = fieldErrorsOf(error);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const file = form.get("file");
    if (!(file instanceof File) || file.size === 0) {
      setError(
        new UploadError("Choose the package file", {
          code: "VALIDATION_FAILED",
          details: [{ path: ["file"], message: "Choose the package file" }],
        }),
      );
      return;
    }
    const fields = Object.fromEntries(FIELDS.filter((f) => f !== "file").map((f) => [f, String(form.get(f) ?? "")]));
    setError(null);
    setProgress(0);
    try {
      await uploadPackage(fields, file, setProgress);
      setProgress(null);
      onUploaded();
    } catch (e) {
      setProgress(null);
      setError(e instanceof UploadError ? e : new UploadError(String(e), { code: "INTERNAL" }));
    }
  };
  const close = () => {
    if (progress !== null) return;
    setError(null);
    onClose();
  };

  return (
    <Dialog open={open} title="Upload a package" onClose={close}>
      <form onSubmit={(e) => void submit(e)} className="space-y-4">
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField label="Title" name="title" required error={fieldErrors.title} placeholder="boiler-fw" />
          <TextField label="Version" name="version" required error={fieldErrors.version} placeholder="1.2.0" />
          <SelectField
            label="Type"
            name="type"
            options={[
              { value: "FIRMWARE", label: "Firmware" },
              { value: "SOFTWARE", label: "Software" },
            ]}
          />
          <SelectField label="Checksum" name="checksumAlgorithm" options={ALGORITHMS} />
          <TextField label="Tag (optional)" name="tag" error={fieldErrors.tag} />
          <SelectField
            label="Device profile"
            name="deviceProfileId"
            hint="Only devices of this profile may get it."
            options={[{ value: "", label: "Any profile" }, ...profiles.map((p) => ({ value: p.id, label: p.name }))]}
          />
        </div>
        <div>
          <label htmlFor="ota-file" className="block text-sm font-medium text-slate-700">
            File
          </label>
          <input id="ota-file" name="file" type="file" className="mt-1 block w-full text-sm" />
          {fieldErrors.file && <p className="mt-1 text-sm text-red-600">{fieldErrors.file}</p>}
        </div>
        {progress !== null && (
          <div
            role="progressbar"
            aria-label="Upload progress"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={progress}
            className="h-2 w-full overflow-hidden rounded-full bg-slate-100"
          >
            <div className="h-full bg-brand-600 transition-all" style={{ width: `${progress}%` }} />
          </div>
        )}
        <FormError error={error} fields={FIELDS} />
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={close} disabled={progress !== null}>
            Cancel
          </Button>
          <Button type="submit" busy={progress !== null}>
            {progress !== null ? `Uploading ${progress}%` : "Upload"}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
