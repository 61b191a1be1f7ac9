import { defineOperation } from "../../operations/operation.ts";
import { TENANT_ADMIN, TENANT_USERS } from "../../operations/roles.ts";
import { idParams, pageOf } from "../shared/paging.ts";
import { deleteOtaPackage } from "./delete-ota-package.ts";
import { downloadOtaPackage } from "./download-ota-package.ts";
import { getDeviceOta } from "./get-device-ota.ts";
import { getOtaPackage } from "./get-ota-package.ts";
import { listOtaPackages } from "./list-ota-packages.ts";
import { deviceOtaView, listOtaPackagesInput, otaPackageView, uploadOtaPackageFields } from "./schemas.ts";
import { uploadOtaPackage } from "./upload-ota-package.ts";

const tag = "OTA packages";

export const otaPackageOperations = {
  list: defineOperation({
    method: "GET",
    path: "/ota-packages",
    tag,
    summary: "List firmware and software packages",
    access: "tenant",
    roles: TENANT_ADMIN,
    query: listOtaPackagesInput,
    response: pageOf(otaPackageView),
    handler: ({ ctx, query }) => listOtaPackages(ctx, query),
  }),
  upload: defineOperation({
    method: "POST",
    path: "/ota-packages",
    tag,
    summary: "Upload a package (multipart/form-data)",
    description:
      "Fields `title`, `version`, `type` (FIRMWARE or SOFTWARE), optional `checksumAlgorithm` (SHA256 default, SHA384, SHA512, MD5, CRC32), `tag`, `deviceProfileId`, then the binary as the `file` part (last). The binary is streamed to storage while its checksum is computed; over OTA_MAX_PACKAGE_BYTES is 413. Instead of a file, `url` points devices to an external download.",
    access: "tenant",
    roles: TENANT_ADMIN,
    upload: { fileField: "file" },
    body: uploadOtaPackageFields,
    example: { title: "boiler-fw", version: "1.2.0", type: "FIRMWARE" },
    response: otaPackageView,
    successStatus: 201,
    handler: ({ ctx, body, file }) => uploadOtaPackage(ctx, body, file),
  }),
  get: defineOperation({
    method: "GET",
    path: "/ota-packages/{id}",
    tag,
    summary: "Get a package",
    access: "tenant",
    roles: TENANT_ADMIN,
    params: idParams,
    response: otaPackageView,
    handler: ({ ctx, params }) => getOtaPackage(ctx, params.id),
  }),
  delete: defineOperation({
    method: "DELETE",
    path: "/ota-packages/{id}",
    tag,
    summary: "Delete a package and its binary",
    description:
      "Refused (409) while a device or profile has it assigned or a campaign that has not ended rolls it out.",
    access: "tenant",
    roles: TENANT_ADMIN,
    params: idParams,
    handler: ({ ctx, params }) => deleteOtaPackage(ctx, params.id),
  }),
  download: defineOperation({
    method: "GET",
    path: "/ota-packages/{id}/download",
    tag,
    summary: "Download a package's binary",
    description: "The bytes as uploaded (`application/octet-stream` unless the upload named a type); REST only.",
    access: "tenant",
    roles: TENANT_ADMIN,
    params: idParams,
    handler: ({ ctx, params }) => downloadOtaPackage(ctx, params.id),
  }),
  device: defineOperation({
    method: "GET",
    path: "/devices/{id}/ota",
    tag,
    summary: "A device's firmware and software: target, running version and update state",
    access: "tenant",
    roles: TENANT_USERS,
    params: idParams,
    response: deviceOtaView,
    handler: ({ ctx, params }) => getDeviceOta(ctx, params.id),
  }),
};
