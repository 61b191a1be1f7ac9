import type { KeyValue } from "@industryos/device-protocol";
import type { OtaPackageType } from "./schemas.ts";

/** `fw` or `sw`: ThingsBoard's key prefix of each package type. */
export const otaKeyPrefix = (type: OtaPackageType) => (type === "FIRMWARE" ? "fw" : "sw");

/** The shared attributes ThingsBoard sets on assignment, which the device reads to download. */
export const otaAttributeKeys = (type: OtaPackageType) =>
  ["title", "version", "size", "checksum", "checksum_algorithm", "url"].map((k) => `${otaKeyPrefix(type)}_${k}`);

export interface AssignedPackage {
  title: string;
  version: string;
  size: number | null;
  checksum: string | null;
  checksumAlgorithm: string;
  url: string | null;
}

/** The values a device gets for its target package (`fw_url` only for an external URL, as ThingsBoard). */
export function otaAttributesOf(type: OtaPackageType, pkg: AssignedPackage): KeyValue[] {
  const p = otaKeyPrefix(type);
  const values: KeyValue[] = [
    { key: `${p}_title`, value: { type: "STRING", value: pkg.title } },
    { key: `${p}_version`, value: { type: "STRING", value: pkg.version } },
  ];
  if (pkg.size !== null) values.push({ key: `${p}_size`, value: { type: "LONG", value: pkg.size } });
  if (pkg.checksum !== null) values.push({ key: `${p}_checksum`, value: { type: "STRING", value: pkg.checksum } });
  values.push({ key: `${p}_checksum_algorithm`, value: { type: "STRING", value: pkg.checksumAlgorithm } });
  if (pkg.url !== null) values.push({ key: `${p}_url`, value: { type: "STRING", value: pkg.url } });
  return values;
}
