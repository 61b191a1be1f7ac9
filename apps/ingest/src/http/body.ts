import type { IncomingMessage } from "node:http";
import { DeviceProtocolError } from "@industryos/device-protocol";

/** Reads a request body, refusing it as soon as it passes `maxBytes` (by header or by counting). */
export async function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > maxBytes) {
    req.resume();
    throw new DeviceProtocolError("PAYLOAD_TOO_LARGE", `payload is ${declared} bytes; the limit is ${maxBytes}`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      req.resume();
      throw new DeviceProtocolError("PAYLOAD_TOO_LARGE", `payload is larger than the limit of ${maxBytes} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
