import { z } from "zod";
import { pagingInput, sortOrder, uuid } from "../shared/paging.ts";

export const OTA_PACKAGE_TYPES = ["FIRMWARE", "SOFTWARE"] as const;
export const otaPackageType = z.enum(OTA_PACKAGE_TYPES);
export type OtaPackageType = z.infer<typeof otaPackageType>;

/** ThingsBoard's names, sent to devices as `fw_checksum_algorithm`. */
export const CHECKSUM_ALGORITHMS = ["SHA256", "SHA384", "SHA512", "MD5", "CRC32"] as const;
export const checksumAlgorithm = z.enum(CHECKSUM_ALGORITHMS);
export type ChecksumAlgorithm = z.infer<typeof checksumAlgorithm>;

/** Form values arrive as text; an empty field means "not given". */
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => (v === "" ? undefined : v));

/** The text fields of `POST /ota-packages` (multipart/form-data; the binary is the `file` part, sent last). */
export const uploadOtaPackageFields = z.object({
  title: z.string().trim().min(1, "Give the package a title").max(255),
  version: z.string().trim().min(1, "Give the package a version").max(255),
  type: otaPackageType,
  checksumAlgorithm: z.preprocess((v) => (v === "" ? undefined : v), checksumAlgorithm.default("SHA256")),
  tag: optionalText(255),
  deviceProfileId: z.preprocess((v) => (v === "" ? undefined : v), uuid.optional()),
  /**
   * An external URL instead of a binary: devices get it as `fw_url` and download from there
   * (ThingsBoard's "use external URL"); no file part is sent then.
   */
  url: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z
      .url({ protocol: /^https?$/ })
      .max(2000)
      .optional(),
  ),
});

export const listOtaPackagesInput = pagingInput.extend({
  search: z.string().trim().max(255).optional(),
  type: otaPackageType.optional(),
  deviceProfileId: uuid.optional(),
  sortBy: z.enum(["createdAt", "title", "version"]).default("createdAt"),
  sortOrder: sortOrder.default("desc"),
});

export const otaPackageView = z.object({
  id: z.string(),
  title: z.string(),
  version: z.string(),
  type: otaPackageType,
  tag: z.string().nullable(),
  deviceProfileId: z.string().nullable(),
  url: z.string().nullable(),
  fileName: z.string().nullable(),
  contentType: z.string().nullable(),
  size: z.number().nullable(),
  checksum: z.string().nullable(),
  checksumAlgorithm: checksumAlgorithm,
  hasBinary: z.boolean(),
  createdAt: z.string(),
});
export type OtaPackageView = z.infer<typeof otaPackageView>;

/** What `GET /devices/{id}/ota` answers for each package type. */
export const deviceOtaTypeView = z.object({
  type: otaPackageType,
  /** The package the device should run: its own assignment, else its profile's. */
  target: z
    .object({ id: z.string(), title: z.string(), version: z.string(), assignedTo: z.enum(["DEVICE", "PROFILE"]) })
    .nullable(),
  current: z.object({ title: z.string().nullable(), version: z.string().nullable() }),
  /** The device's last reported `fw_state`/`sw_state` for the target (QUEUED until it reports). */
  state: z.string().nullable(),
  error: z.string().nullable(),
  updatedAt: z.string().nullable(),
});
export const deviceOtaView = z.object({ firmware: deviceOtaTypeView, software: deviceOtaTypeView });
