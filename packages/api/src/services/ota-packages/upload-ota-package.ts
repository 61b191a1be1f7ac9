import { BlobTooLargeError } from "@industryos/db/blobs";
import type { z } from "zod";
import type { TenantContext } from "../../context.ts";
import { ApiError, conflict } from "../../errors.ts";
import type { UploadedFile } from "../../operations/operation.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { checksummed, runningChecksum } from "./checksum.ts";
import { otaBlobs, otaMaxPackageBytes } from "./ota-blobs.ts";
import { toOtaPackageView } from "./ota-package-view.ts";
import type { OtaPackageView, uploadOtaPackageFields } from "./schemas.ts";

const invalid = (path: string, message: string) =>
  new ApiError("VALIDATION_FAILED", message, [{ path: [path], message }]);

async function assertProfileExists(ctx: TenantContext, deviceProfileId: string | undefined) {
  if (!deviceProfileId) return;
  const profile = await ctx.db.deviceProfile.findUnique({ where: { id: deviceProfileId }, select: { id: true } });
  if (!profile) throw invalid("deviceProfileId", "No such device profile");
}

/**
 * Creates a package from an upload: the binary streams into the blob store while its checksum
 * and size are computed, and the row is written only once the binary is stored. A title and
 * version the tenant already has is refused before anything is read.
 */
export async function uploadOtaPackage(
  ctx: TenantContext,
  fields: z.infer<typeof uploadOtaPackageFields>,
  file: UploadedFile | undefined,
): Promise<OtaPackageView> {
  if (!file && !fields.url)
    throw invalid("file", "Attach the binary as the `file` part (after the fields), or give a url");
  if (file && fields.url) throw invalid("url", "Either a binary or an external URL, not both");
  await assertProfileExists(ctx, fields.deviceProfileId);
  const taken = await ctx.db.otaPackage.findFirst({
    where: { type: fields.type, title: fields.title, version: fields.version },
    select: { id: true },
  });
  if (taken) throw conflict(`A ${fields.type.toLowerCase()} package ${fields.title} ${fields.version} already exists`);

  const blobs = otaBlobs(ctx.deps);
  let stored: { key: string; size: number; checksum: string } | null = null;
  if (file) {
    const checksum = runningChecksum(fields.checksumAlgorithm);
    const maxBytes = otaMaxPackageBytes(ctx.deps);
    try {
      const blob = await blobs.put(checksummed(file.stream, checksum), { maxBytes });
      stored = { ...blob, checksum: checksum.digest() };
    } catch (error) {
      if (error instanceof BlobTooLargeError)
        throw new ApiError("PAYLOAD_TOO_LARGE", `The package is larger than the limit of ${maxBytes} bytes`);
      throw error;
    }
    if (stored.size === 0) {
      await blobs.delete(stored.key);
      throw invalid("file", "The file is empty");
    }
  }
  try {
    const row = await ctx.db.otaPackage.create({
      data: {
        tenantId: ctx.tenantId,
        type: fields.type,
        title: fields.title,
        version: fields.version,
        tag: fields.tag ?? null,
        deviceProfileId: fields.deviceProfileId ?? null,
        url: fields.url ?? null,
        fileName: file?.fileName ?? null,
        contentType: file?.contentType ?? null,
        size: stored?.size ?? null,
        checksumAlgorithm: fields.checksumAlgorithm,
        checksum: stored?.checksum ?? null,
        storageKey: stored?.key ?? null,
        createdById: ctx.actor.userId ?? null,
      },
    });
    await recordAudit(ctx.db, ctx.tenantId, ctx.actor, {
      actionType: "ADDED",
      entityId: row.id,
      entityName: `${row.title} ${row.version}`,
      actionData: { otaPackage: row.type, size: row.size, checksumAlgorithm: row.checksumAlgorithm },
    });
    return toOtaPackageView(row);
  } catch (error) {
    // Lost a race for the same title and version (409), or any other failure: keep no orphan binary.
    if (stored) await blobs.delete(stored.key).catch(() => undefined);
    throw error;
  }
}
