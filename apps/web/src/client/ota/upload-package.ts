/** What the upload answers on failure, in the shape the console's form helpers read (`data.details`). */
export class UploadError extends Error {
  constructor(
    message: string,
    readonly data: { code: string; details?: unknown },
  ) {
    super(message);
  }
}

/**
 * `POST /api/v1/ota-packages` as multipart (fields first, the file last), over XMLHttpRequest because
 * fetch reports no upload progress. Resolves with the created package; `onProgress` gets 0–100.
 */
export function uploadPackage(fields: Record<string, string>, file: File, onProgress: (percent: number) => void) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) if (value !== "") form.append(name, value);
  form.append("file", file, file.name);
  return new Promise<{ id: string }>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/v1/ota-packages");
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(Math.round((e.loaded / e.total) * 100));
    xhr.onerror = () =>
      reject(new UploadError("The upload was cut off; check the connection and try again", { code: "NETWORK" }));
    xhr.onload = () => {
      let body: { id?: string; error?: { code: string; message: string; details?: unknown } } = {};
      try {
        body = JSON.parse(xhr.responseText) as typeof body;
      } catch {
        // an answer that is not JSON: the status says it
      }
      if (xhr.status === 201 && body.id) resolve({ id: body.id });
      else
        reject(
          new UploadError(body.error?.message ?? `The upload failed (HTTP ${xhr.status})`, {
            code: body.error?.code ?? "INTERNAL",
            details: body.error?.details,
          }),
        );
    };
    xhr.send(form);
  });
}
