import type { IncomingMessage, ServerResponse } from "node:http";
import { decodeJsonPayload, parseAttributeRequest } from "@industryos/device-protocol";
import type { Authenticator } from "../core/authenticator.ts";
import type { DeviceService } from "../core/device-service.ts";
import type { FirmwareService } from "../core/firmware-service.ts";
import type { UplinkKind } from "../core/payload-formats.ts";
import { sendFirmwareOverHttp } from "./firmware-download.ts";
import { MAX_INFLIGHT_MESSAGES } from "../core/device-limits.ts";
import { provisionDevice, type DeviceProvisioner } from "../core/provisioning.ts";
import { RefusedError, refusalOf, type Refusal } from "../core/refusals.ts";
import type { DeviceCredentials, DeviceSession } from "../core/session.ts";
import { tokenCredentials } from "../core/token-credentials.ts";
import { readBody } from "./body.ts";

export interface HttpDeviceApiDeps {
  authenticator: Authenticator;
  service: DeviceService;
  provisioner: DeviceProvisioner;
  maxPayloadBytes: number;
  /** Told of every refused request (metrics). */
  onRefused?: (refusal: Refusal) => void;
  /** Serves `GET /api/v1/{token}/firmware|software`; without it those answer 404. */
  firmware?: FirmwareService;
}

const STATUS: Record<Refusal, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  NOT_FOUND: 404,
  TIMEOUT: 408,
  PAYLOAD_TOO_LARGE: 413,
  QUOTA_EXCEEDED: 400,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  OVERLOADED: 503,
  UNAVAILABLE: 503,
};

const DEFAULT_POLL_MS = 30_000;
const MAX_POLL_MS = 300_000;

function sendJson(res: ServerResponse, status: number, body?: unknown) {
  if (res.headersSent) return;
  if (body === undefined) {
    res.writeHead(status).end();
    return;
  }
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

/** The token in the path; a malformed escape (`%FF`) is kept as sent, an unknown token like any other. */
function decodeToken(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** The path segment in place of a token when the device sends its JWT in the Authorization header. */
const JWT_PATH_SEGMENT = "jwt";

function bearerJwt(req: IncomingMessage): DeviceCredentials {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "");
  if (!match) throw new RefusedError("UNAUTHORIZED", "send the device's JWT as Authorization: Bearer <token>");
  return { type: "JWT", token: match[1]! };
}

function pollTimeout(url: URL): number {
  const raw = Number(url.searchParams.get("timeout") ?? DEFAULT_POLL_MS);
  if (!Number.isFinite(raw) || raw <= 0)
    throw new RefusedError("BAD_REQUEST", "timeout must be a positive number of milliseconds");
  return Math.min(raw, MAX_POLL_MS);
}

/** An aborted signal when the client goes away, so a long poll stops waiting for nobody. */
function clientGone(req: IncomingMessage, res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  res.on("close", () => controller.abort());
  req.on("aborted", () => controller.abort());
  return controller.signal;
}

/**
 * ThingsBoard's HTTP device API under `/api/v1/{token}/...`. Returns false for paths it does
 * not own. A 200 for telemetry and attributes is written only after the commit.
 */
export function createHttpDeviceApi(deps: HttpDeviceApiDeps) {
  const { authenticator, service, maxPayloadBytes } = deps;

  /** `/api/v1/jwt/...` takes the device's JWT from `Authorization: Bearer`; other paths carry the token. */
  async function session(req: IncomingMessage, token: string): Promise<DeviceSession> {
    const credentials = token === JWT_PATH_SEGMENT ? bearerJwt(req) : tokenCredentials(token);
    const result = await authenticator.authenticate(credentials, req.socket.remoteAddress);
    if (result.ok) return result.session;
    throw new RefusedError(
      result.reason === "RATE_LIMITED" ? "RATE_LIMITED" : "UNAUTHORIZED",
      result.reason === "RATE_LIMITED"
        ? "too many failed attempts from this address"
        : credentials.type === "JWT"
          ? "invalid or expired token"
          : "invalid access token",
    );
  }

  async function json(req: IncomingMessage): Promise<unknown> {
    return decodeJsonPayload(await readBody(req, maxPayloadBytes), maxPayloadBytes);
  }

  /**
   * A telemetry or attributes body, decoded as the device's profile says; a body sent as
   * `Content-Type: application/json` is JSON whatever the profile (protobuf devices send
   * `application/x-protobuf` or `application/octet-stream`).
   */
  async function uplinkBody(req: IncomingMessage, device: DeviceSession, kind: UplinkKind) {
    const body = await readBody(req, maxPayloadBytes);
    const declaredJson = /^application\/json\b/i.test(req.headers["content-type"] ?? "");
    return service.decodeUplink(device, kind, body, maxPayloadBytes, declaredJson);
  }

  async function route(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    if (url.pathname === "/api/v1/provision" && req.method === "POST") {
      sendJson(res, 200, await provisionDevice(deps.provisioner, await json(req)));
      return true;
    }
    const match =
      /^\/api\/v1\/([^/]+)\/(telemetry|attributes|attributes\/updates|rpc|rpc\/(\d{1,9})|claim|firmware|software)$/.exec(
        url.pathname,
      );
    if (!match) return false;
    const token = decodeToken(match[1]!);
    const resource = match[2]!;
    const method = req.method ?? "GET";
    const device = await session(req, token);

    if (resource === "telemetry" && method === "POST") {
      const sent = await uplinkBody(req, device, "telemetry");
      await service.postTelemetry(device, sent.json, sent.data, { wait: false });
      sendJson(res, 200);
    } else if (resource === "attributes" && method === "POST") {
      const sent = await uplinkBody(req, device, "attributes");
      await service.postAttributes(device, sent.json, sent.data, { wait: false });
      sendJson(res, 200);
    } else if (resource === "attributes" && method === "GET") {
      const request = parseAttributeRequest({
        clientKeys: url.searchParams.get("clientKeys") ?? undefined,
        sharedKeys: url.searchParams.get("sharedKeys") ?? undefined,
      });
      sendJson(res, 200, await service.getAttributes(device, request));
    } else if (resource === "attributes/updates" && method === "GET") {
      const update = await service.nextAttributeUpdate(device, pollTimeout(url), clientGone(req, res));
      if (update) sendJson(res, 200, update);
      else sendJson(res, 408, { error: { code: "TIMEOUT", message: "no attribute update within the timeout" } });
    } else if (resource === "rpc" && method === "GET") {
      const rpc = await service.nextRpc(device, pollTimeout(url), clientGone(req, res));
      if (rpc) sendJson(res, 200, rpc);
      else sendJson(res, 408, { error: { code: "TIMEOUT", message: "no RPC request within the timeout" } });
    } else if (resource === "rpc" && method === "POST") {
      const response = await service.clientRpc(device, Date.now() % 1_000_000_000, await json(req), {
        maxPayloadSize: maxPayloadBytes,
        maxInflightMessages: MAX_INFLIGHT_MESSAGES,
      });
      if (response === null)
        sendJson(res, 408, { error: { code: "TIMEOUT", message: "no response to the RPC within the timeout" } });
      else sendJson(res, 200, response);
    } else if (match[3] && method === "POST") {
      await service.rpcResponse(device, Number(match[3]), await json(req));
      sendJson(res, 200);
    } else if ((resource === "firmware" || resource === "software") && method === "GET" && deps.firmware) {
      await sendFirmwareOverHttp(res, deps.firmware, device, resource === "firmware" ? "FIRMWARE" : "SOFTWARE", url);
    } else if (resource === "claim" && method === "POST") {
      const text = (await readBody(req, maxPayloadBytes)).toString("utf8");
      await service.claim(device, text.trim() === "" ? {} : decodeJsonPayload(text, maxPayloadBytes));
      sendJson(res, 200);
    } else {
      sendJson(res, 405, {
        error: { code: "METHOD_NOT_ALLOWED", message: `${method} is not supported on ${resource}` },
      });
    }
    return true;
  }

  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? "/", "http://device.local");
    try {
      return await route(req, res, url);
    } catch (error) {
      const { refusal, message, detail } = refusalOf(error);
      deps.onRefused?.(refusal);
      if (refusal === "OVERLOADED" || refusal === "UNAVAILABLE") res.setHeader("retry-after", "1");
      sendJson(res, STATUS[refusal], { error: { code: refusal, message, ...detail } });
      return true;
    }
  };
}
