import { TEST_ORIGIN, type ApiHarness } from "./api-harness.ts";

/**
 * Uploads `bytes` as an OTA package the way the console does (multipart POST /api/v1/ota-packages,
 * signed in with `cookie`) and returns the package's id; throws with the answer unless it was created.
 */
export async function uploadOtaPackage(
  h: Pick<ApiHarness, "api">,
  cookie: string,
  fields: { title: string; version: string; type?: "FIRMWARE" | "SOFTWARE" },
  bytes: Buffer,
): Promise<string> {
  const form = new FormData();
  for (const [name, value] of Object.entries({ type: "FIRMWARE", ...fields })) form.append(name, value);
  form.append("file", new Blob([new Uint8Array(bytes)], { type: "application/octet-stream" }), `${fields.title}.bin`);
  const response = await h.api.rest(
    new Request(new URL("/api/v1/ota-packages", TEST_ORIGIN), {
      method: "POST",
      headers: { cookie, origin: TEST_ORIGIN },
      body: form,
    }),
  );
  const body = (await response.json()) as { id: string };
  if (response.status !== 201)
    throw new Error(`OTA package upload answered ${response.status}: ${JSON.stringify(body)}`);
  return body.id;
}
