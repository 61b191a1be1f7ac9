import type { TenantContext } from "../../context.ts";
import { ApiError } from "../../errors.ts";
import { BinaryReply } from "../../operations/operation.ts";
import { findOtaPackage } from "./get-ota-package.ts";
import { otaBlobs } from "./ota-blobs.ts";

/** `filename*` for any name, plus a plain ASCII fallback (RFC 6266). */
function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** The binary as uploaded, streamed from the blob store (a package with an external URL has none: 404). */
export async function downloadOtaPackage(ctx: TenantContext, id: string): Promise<BinaryReply> {
  const row = await findOtaPackage(ctx, id);
  if (!row.storageKey) throw new ApiError("NOT_FOUND", "This package has no binary (it points to an external URL)");
  const fileName = row.fileName ?? `${row.title}-${row.version}.bin`;
  return new BinaryReply(otaBlobs(ctx.deps).stream(row.storageKey), {
    "content-type": row.contentType ?? "application/octet-stream",
    "content-length": String(row.size ?? 0),
    "content-disposition": contentDisposition(fileName),
    "x-filename": fileName,
    ...(row.checksum ? { "x-checksum": row.checksum, "x-checksum-algorithm": row.checksumAlgorithm } : {}),
  });
}
