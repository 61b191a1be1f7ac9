import type { OtaKind } from "@industryos/device-protocol";
import type { FirmwareService } from "./firmware-service.ts";
import { RefusedError } from "./refusals.ts";
import type { DeviceSession } from "./session.ts";

const COUNT = /^\d{1,10}$/;

function count(params: URLSearchParams, name: string): number {
  const raw = params.get(name);
  if (raw === null || raw === "") return 0;
  if (!COUNT.test(raw)) throw new RefusedError("BAD_REQUEST", `${name} must be a whole number`);
  return Number(raw);
}

export interface FirmwareDownload {
  bytes: Buffer;
  fileName: string;
  contentType: string;
}

/**
 * The HTTP and CoAP download (`GET .../firmware?title=&version=&size=&chunk=`): the title and
 * version must name the device's current target, so a device never stitches chunks of two
 * packages together after a reassignment (ThingsBoard answers 400 then, and 404 without a
 * package). `requireIdentity`: HTTP requires both (as ThingsBoard); CoAP checks those given.
 */
export async function firmwareDownload(
  firmware: FirmwareService,
  session: DeviceSession,
  type: OtaKind,
  params: URLSearchParams,
  requireIdentity: boolean,
): Promise<FirmwareDownload> {
  const title = params.get("title");
  const version = params.get("version");
  if (requireIdentity && (!title || !version))
    throw new RefusedError("BAD_REQUEST", "title and version are required (the fw_title and fw_version attributes)");
  const chunkSize = count(params, "size");
  const chunk = count(params, "chunk");
  const target = await firmware.target(session, type);
  if ((title !== null && title !== target.title) || (version !== null && version !== target.version))
    throw new RefusedError("BAD_REQUEST", `the device's target is ${target.title} ${target.version}`);
  return {
    bytes: await firmware.bytes(target, chunkSize, chunk),
    fileName: target.fileName ?? `${target.title}-${target.version}.bin`,
    contentType: target.contentType ?? "application/octet-stream",
  };
}
