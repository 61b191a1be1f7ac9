import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { Busboy } from "@fastify/busboy";
import { ApiError } from "../errors.ts";
import type { UploadedFile } from "../operations/operation.ts";

/** Text fields are form values (a title, a tag), never documents. */
const MAX_FIELD_BYTES = 64 * 1024;
const MAX_FIELDS = 50;

export interface MultipartUpload {
  fields: Record<string, string>;
  file: UploadedFile | null;
  /**
   * Discards whatever of the request is left unread (a file refused before or while it was read).
   * Drained rather than destroyed: destroying it would cut the connection the answer goes out on.
   */
  abandon(): void;
}

/**
 * Reads a `multipart/form-data` request up to the part named `fileField`, which is handed over
 * as a stream, unread: the binary goes wherever the handler sends it without being held in
 * memory. Fields after the file are not seen, so clients send the fields first (as `curl -F`
 * and a FormData do in the order given). Without a file part the promise resolves at the end.
 */
export function readMultipart(request: Request, fileField: string): Promise<MultipartUpload> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!contentType.toLowerCase().startsWith("multipart/form-data"))
    throw new ApiError("BAD_REQUEST", "Send the body as multipart/form-data (the fields, then the file)");
  if (!request.body) throw new ApiError("BAD_REQUEST", "The multipart body is empty");
  let parser: InstanceType<typeof Busboy>;
  try {
    parser = new Busboy({
      headers: { "content-type": contentType },
      limits: { fieldSize: MAX_FIELD_BYTES, fields: MAX_FIELDS, files: 1 },
    });
  } catch {
    throw new ApiError("BAD_REQUEST", "The multipart body has no boundary");
  }
  const source = Readable.fromWeb(request.body as NodeReadableStream<Uint8Array>);
  const abandon = () => {
    source.unpipe(parser);
    source.resume();
  };
  const fields: Record<string, string> = {};
  return new Promise<MultipartUpload>((resolve, reject) => {
    let settled = false;
    const settle = (result: MultipartUpload | Error) => {
      if (settled) return;
      settled = true;
      if (result instanceof Error) {
        abandon();
        reject(result);
      } else resolve(result);
    };
    parser.on("field", (name, value, _nameTruncated, valueTruncated) => {
      if (valueTruncated)
        settle(new ApiError("PAYLOAD_TOO_LARGE", `The field ${name} is over ${MAX_FIELD_BYTES} bytes`));
      else fields[name] = value;
    });
    parser.on("file", (name, stream, fileName, _encoding, mimeType) => {
      if (name !== fileField || settled) {
        stream.resume();
        return;
      }
      settle({
        fields,
        file: { fileName: fileName || "package.bin", contentType: mimeType || "application/octet-stream", stream },
        abandon,
      });
    });
    parser.on("finish", () => settle({ fields, file: null, abandon }));
    parser.on("error", (error: Error) =>
      settle(new ApiError("BAD_REQUEST", `Malformed multipart body: ${error.message}`)),
    );
    source.on("error", (error) => settle(error));
    source.pipe(parser);
  });
}
