import { createServer, type IncomingMessage, type OutgoingMessage, type Server } from "coap";
import type { AddressInfo } from "node:net";
import { decodeJsonPayload, formatSharedAttributeUpdate, parseAttributeRequest } from "@industryos/device-protocol";
import type { Logger } from "@industryos/runtime";
import type { Authenticator } from "../core/authenticator.ts";
import { tokenCredentials } from "../core/token-credentials.ts";
import type { DeviceService } from "../core/device-service.ts";
import { firmwareDownload } from "../core/firmware-download.ts";
import type { FirmwareService } from "../core/firmware-service.ts";
import type { UplinkKind } from "../core/payload-formats.ts";
import { matchFirmwarePath, replyFirmware } from "./firmware-download.ts";
import { MAX_INFLIGHT_MESSAGES } from "../core/device-limits.ts";
import { provisionDevice, type DeviceProvisioner } from "../core/provisioning.ts";
import { RefusedError, refusalOf, type Refusal } from "../core/refusals.ts";
import type { DeviceSession } from "../core/session.ts";

export interface CoapServerDeps {
  authenticator: Authenticator;
  service: DeviceService;
  provisioner: DeviceProvisioner;
  maxPayloadBytes: number;
  port: number;
  host: string;
  logger: Logger;
  /** Told of every refused request (metrics). */
  onRefused?: (refusal: Refusal) => void;
  /** Serves the OTA download resources (firmware-download.ts); without it they answer 4.04. */
  firmware?: FirmwareService;
}

const CODES: Record<Refusal, string> = {
  BAD_REQUEST: "4.00",
  UNAUTHORIZED: "4.01",
  NOT_FOUND: "4.04",
  TIMEOUT: "5.04",
  PAYLOAD_TOO_LARGE: "4.13",
  QUOTA_EXCEEDED: "4.00",
  RATE_LIMITED: "4.29",
  INTERNAL: "5.00",
  OVERLOADED: "5.03",
  UNAVAILABLE: "5.03",
};

type Response = OutgoingMessage & { write(chunk: Buffer | string): boolean };

/** The token in the path; a malformed escape (`%FF`) is kept as sent, an unknown token like any other. */
function decodeToken(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

function reply(res: OutgoingMessage, code: string, body?: unknown) {
  res.code = code;
  if (body === undefined) {
    res.end();
    return;
  }
  res.setOption("Content-Format", "application/json");
  res.end(JSON.stringify(body));
}

function isObserve(req: IncomingMessage): boolean {
  return req.headers.Observe === 0;
}

/**
 * A refused Observe request. The library answers an Observe GET with an ObserveWriteStream,
 * which sends its `statusCode` (2.05 unless set; it ignores `code`) and makes every write a
 * notification carrying the Observe option. Ending it without a payload sends one response with
 * the error code and no Observe option, which ends the observation (RFC 7641 §3.2).
 */
function refuseObserve(res: OutgoingMessage, code: string) {
  (res as { statusCode: string }).statusCode = code;
  res.end();
}

/**
 * The library answers a datagram it cannot parse, and any error thrown while it handles one,
 * with 5.00 and the error's message as payload (`_sendError`): internals told to anyone, and a
 * reflector for spoofed sources. Those are dropped instead; the library's other uses of
 * `_sendError` (4.xx answers to well-formed but unsupported requests) stay.
 */
function dropMalformedDatagrams(server: Server, logger: Logger) {
  const target = server as unknown as {
    _sendError(payload: Buffer, rsinfo: unknown, packet?: unknown, code?: string): void;
  };
  const sendError = target._sendError.bind(server);
  target._sendError = (payload, rsinfo, packet, code) => {
    if (code === undefined || code === "5.00") {
      logger.debug({ rsinfo, reason: payload.toString() }, "CoAP datagram dropped");
      return;
    }
    sendError(payload, rsinfo, packet, code);
  };
}

/**
 * CoAP under `coap://host/api/v1/{token}/...` with the same resources as HTTP. A 2.04 for
 * telemetry and attributes is sent only after the commit. GET with Observe on `attributes`
 * streams shared-attribute updates, and on `rpc` streams server-side RPC requests.
 */
export async function startCoapServer(deps: CoapServerDeps): Promise<{ port: number; close(): Promise<void> }> {
  const { authenticator, service, maxPayloadBytes, logger } = deps;

  async function session(req: IncomingMessage, token: string): Promise<DeviceSession> {
    const result = await authenticator.authenticate(tokenCredentials(token), req.rsinfo.address);
    if (result.ok) return result.session;
    throw new RefusedError(result.reason === "RATE_LIMITED" ? "RATE_LIMITED" : "UNAUTHORIZED", "invalid access token");
  }

  function json(req: IncomingMessage): unknown {
    return decodeJsonPayload(req.payload, maxPayloadBytes);
  }

  /** A telemetry or attributes payload as the device's profile says; Content-Format application/json is JSON always. */
  function uplink(req: IncomingMessage, device: DeviceSession, kind: UplinkKind) {
    const declaredJson = req.headers["Content-Format"] === "application/json";
    return service.decodeUplink(device, kind, req.payload, maxPayloadBytes, declaredJson);
  }

  async function observe(req: IncomingMessage, res: Response, device: DeviceSession, resource: "attributes" | "rpc") {
    const send = (body: unknown) => res.write(JSON.stringify(body));
    res.setOption("Content-Format", "application/json");
    const detach = await service.deps.bus.attach(device.deviceId, {
      deliver: (downlink) => {
        if (resource === "attributes" && downlink.type === "SHARED_ATTRIBUTES")
          send(formatSharedAttributeUpdate(downlink));
        else if (resource === "rpc" && downlink.type === "RPC_REQUEST") {
          send({ id: downlink.requestId, method: downlink.method, params: downlink.params ?? {} });
          void service.deps.rpc.setStatus(device, downlink.requestId, downlink.oneway ? "SUCCESSFUL" : "DELIVERED");
        } else return false;
        return true;
      },
    });
    res.on("finish", () => void detach());
    if (resource === "attributes") {
      const current = await service.getAttributes(device, { clientKeys: [], sharedKeys: null });
      send(current.shared ?? {});
    } else {
      for (const rpc of await service.deps.rpc.pendingFor(device)) {
        send({ id: rpc.requestId, method: rpc.method, params: rpc.params ?? {} });
        await service.deps.rpc.setStatus(device, rpc.requestId, rpc.oneway ? "SUCCESSFUL" : "DELIVERED");
      }
    }
  }

  async function handle(req: IncomingMessage, res: Response) {
    const url = new URL(req.url, "coap://device.local");
    if (url.pathname === "/api/v1/provision" && req.method === "POST") {
      reply(res, "2.05", await provisionDevice(deps.provisioner, json(req)));
      return;
    }
    const download = req.method === "GET" && deps.firmware ? matchFirmwarePath(url.pathname) : null;
    if (download) {
      const device = await session(req, decodeToken(download.token));
      replyFirmware(res, await firmwareDownload(deps.firmware!, device, download.type, url.searchParams, false));
      return;
    }
    const match = /^\/api\/v1\/([^/]+)\/(telemetry|attributes|rpc|rpc\/(\d{1,9})|claim)$/.exec(url.pathname);
    if (!match) throw new RefusedError("NOT_FOUND", "no such resource");
    const device = await session(req, decodeToken(match[1]!));
    const resource = match[2]!;
    const method = req.method;

    if (resource === "telemetry" && method === "POST") {
      const sent = await uplink(req, device, "telemetry");
      await service.postTelemetry(device, sent.json, sent.data, { wait: false });
      reply(res, "2.04");
    } else if (resource === "attributes" && method === "POST") {
      const sent = await uplink(req, device, "attributes");
      await service.postAttributes(device, sent.json, sent.data, { wait: false });
      reply(res, "2.04");
    } else if (resource === "attributes" && method === "GET" && isObserve(req)) {
      await observe(req, res, device, "attributes");
    } else if (resource === "attributes" && method === "GET") {
      const request = parseAttributeRequest({
        clientKeys: url.searchParams.get("clientKeys") ?? undefined,
        sharedKeys: url.searchParams.get("sharedKeys") ?? undefined,
      });
      reply(res, "2.05", await service.getAttributes(device, request));
    } else if (resource === "rpc" && method === "GET" && isObserve(req)) {
      await observe(req, res, device, "rpc");
    } else if (resource === "rpc" && method === "POST") {
      const response = await service.clientRpc(device, Date.now() % 1_000_000_000, json(req), {
        maxPayloadSize: maxPayloadBytes,
        maxInflightMessages: MAX_INFLIGHT_MESSAGES,
      });
      if (response === null) throw new RefusedError("TIMEOUT", "no response to the RPC within the timeout");
      reply(res, "2.05", response);
    } else if (match[3] && method === "POST") {
      await service.rpcResponse(device, Number(match[3]), json(req));
      reply(res, "2.04");
    } else if (resource === "claim" && method === "POST") {
      await service.claim(device, req.payload.length === 0 ? {} : json(req));
      reply(res, "2.04");
    } else {
      reply(res, "4.05", {
        error: { code: "METHOD_NOT_ALLOWED", message: `${method} is not supported on ${resource}` },
      });
    }
  }

  const server: Server = createServer((req, res) => {
    handle(req, res as Response).catch((error: unknown) => {
      const { refusal, message, detail } = refusalOf(error);
      deps.onRefused?.(refusal);
      if (refusal === "INTERNAL") logger.error({ err: error }, "CoAP handler failed");
      if (isObserve(req)) refuseObserve(res, CODES[refusal]);
      else reply(res, CODES[refusal], { error: { code: refusal, message, ...detail } });
    });
  });
  dropMalformedDatagrams(server, logger);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(deps.port, deps.host, (err?: Error) => (err ? reject(err) : resolve()));
  });
  const socket = (server as unknown as { _sock: { address(): AddressInfo } })._sock;
  return {
    port: socket.address().port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
