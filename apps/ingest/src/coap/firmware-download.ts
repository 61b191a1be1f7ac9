import type { OutgoingMessage } from "coap";
import type { OtaKind } from "@industryos/device-protocol";
import type { FirmwareDownload } from "../core/firmware-download.ts";

/**
 * The CoAP download resources: ThingsBoard's own `/fw/{token}` and `/sw/{token}`, and
 * `/api/v1/{token}/firmware|software` like the HTTP API. Query `title`, `version`, `size`, `chunk`.
 */
export function matchFirmwarePath(pathname: string): { token: string; type: OtaKind } | null {
  const short = /^\/(fw|sw)\/([^/]+)$/.exec(pathname);
  if (short) return { token: short[2]!, type: short[1] === "fw" ? "FIRMWARE" : "SOFTWARE" };
  const long = /^\/api\/v1\/([^/]+)\/(firmware|software)$/.exec(pathname);
  if (long) return { token: long[1]!, type: long[2] === "firmware" ? "FIRMWARE" : "SOFTWARE" };
  return null;
}

/** 2.05 with the bytes; the library splits a payload over one block into Block2 exchanges. */
export function replyFirmware(res: OutgoingMessage, download: FirmwareDownload) {
  res.code = "2.05";
  res.setOption("Content-Format", "application/octet-stream");
  res.end(download.bytes);
}
