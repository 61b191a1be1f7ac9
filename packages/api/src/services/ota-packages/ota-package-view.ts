import type { OtaPackageView } from "./schemas.ts";

interface OtaPackageRow {
  id: string;
  title: string;
  version: string;
  type: "FIRMWARE" | "SOFTWARE";
  tag: string | null;
  deviceProfileId: string | null;
  url: string | null;
  fileName: string | null;
  contentType: string | null;
  size: number | null;
  checksum: string | null;
  checksumAlgorithm: OtaPackageView["checksumAlgorithm"];
  storageKey: string | null;
  createdAt: Date;
}

export function toOtaPackageView(row: OtaPackageRow): OtaPackageView {
  return {
    id: row.id,
    title: row.title,
    version: row.version,
    type: row.type,
    tag: row.tag,
    deviceProfileId: row.deviceProfileId,
    url: row.url,
    fileName: row.fileName,
    contentType: row.contentType,
    size: row.size,
    checksum: row.checksum,
    checksumAlgorithm: row.checksumAlgorithm,
    hasBinary: row.storageKey !== null,
    createdAt: row.createdAt.toISOString(),
  };
}
