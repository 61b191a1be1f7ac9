import type { ServerResponse } from "node:http";
import type { OtaKind } from "@industryos/device-protocol";
import { firmwareDownload } from "../core/firmware-download.ts";
import type { FirmwareService } from "../core/firmware-service.ts";
import type { DeviceSession } from "../core/session.ts";

/** `GET /api/v1/{token}/firmware?title=&version=&size=&chunk=` as ThingsBoard answers it: the bytes, named. */
export async function sendFirmwareOverHttp(
  res: ServerResponse,
  firmware: FirmwareService,
  device: DeviceSession,
  type: OtaKind,
  url: URL,
) {
  const download = await firmwareDownload(firmware, device, type, url.searchParams, true);
  const ascii = download.fileName.replace(/[^\x20-\x7e]|["\\]/g, "_");
  res
    .writeHead(200, {
      "content-type": download.contentType,
      "content-length": download.bytes.length,
      "content-disposition": `attachment; filename="${ascii}"`,
      "x-filename": ascii,
    })
    .end(download.bytes);
}
