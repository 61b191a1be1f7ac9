import { ApiError } from "../../errors.ts";
import type { BodyFormat } from "../../operations/operation.ts";

const booleanField = (value: ReturnType<FormData["get"]>) => (value === null ? undefined : value === "true");

/** `text/csv`: the body is the file itself; options (mapping, ...) need JSON or a form. */
const csv: BodyFormat = {
  decode: async (request) => ({ csv: await request.text() }),
  schema: { type: "string", description: "The CSV file, its first line the headers; columns are mapped by header" },
};

/**
 * `multipart/form-data`, as a browser form or `curl -F file=@devices.csv` sends it: `file` (the CSV), and
 * optionally `mapping` (JSON, as in the JSON body), `delimiter`, `updateExisting` (true/false), `maxPerSecond`.
 */
const multipart: BodyFormat = {
  async decode(request) {
    let form: FormData;
    try {
      form = await request.formData();
    } catch {
      throw new ApiError("BAD_REQUEST", "The body is not a valid multipart form");
    }
    const file = form.get("file");
    if (file === null)
      throw new ApiError("VALIDATION_FAILED", "Attach the CSV file as the form field `file`", [
        { path: ["file"], message: "Attach the CSV file" },
      ]);
    const mapping = form.get("mapping");
    let parsedMapping: unknown;
    if (typeof mapping === "string" && mapping.trim()) {
      try {
        parsedMapping = JSON.parse(mapping);
      } catch {
        throw new ApiError("VALIDATION_FAILED", "`mapping` is not valid JSON", [
          { path: ["mapping"], message: "Not JSON" },
        ]);
      }
    }
    const maxPerSecond = form.get("maxPerSecond");
    return {
      csv: typeof file === "string" ? file : await file.text(),
      ...(parsedMapping === undefined ? {} : { mapping: parsedMapping }),
      ...(typeof form.get("delimiter") === "string" ? { delimiter: form.get("delimiter") } : {}),
      ...(booleanField(form.get("updateExisting")) === undefined
        ? {}
        : { updateExisting: booleanField(form.get("updateExisting")) }),
      ...(typeof maxPerSecond === "string" && maxPerSecond ? { maxPerSecond: Number(maxPerSecond) } : {}),
    };
  },
  schema: {
    type: "object",
    required: ["file"],
    properties: {
      file: { type: "string", format: "binary" },
      mapping: { type: "string", description: "JSON array of {column, target, key?}" },
      delimiter: { type: "string" },
      updateExisting: { type: "boolean" },
      maxPerSecond: { type: "integer" },
    },
  },
};

export const csvBodyFormats = { "text/csv": csv, "multipart/form-data": multipart };
