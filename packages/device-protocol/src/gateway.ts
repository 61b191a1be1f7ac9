import { z } from "zod";
import { invalidPayload } from "./errors.ts";
import { isPlainObject } from "./json.ts";
import { parseTelemetry, type TelemetryPoint } from "./telemetry.ts";
import { parseAttributes } from "./attributes.ts";
import type { KeyValue } from "./values.ts";

const deviceName = z.string().min(1).max(255);

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join(".") || "payload"}: ${issue.message}` : "invalid";
}

function parseWith<T>(schema: z.ZodType<T>, json: unknown, what: string): T {
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw invalidPayload(`${what}: ${firstIssue(parsed.error)}`);
  return parsed.data;
}

export const gatewayConnectSchema = z.object({ device: deviceName, type: z.string().min(1).max(255).optional() });
export const gatewayDisconnectSchema = z.object({ device: deviceName });

export function parseGatewayConnect(json: unknown) {
  return parseWith(gatewayConnectSchema, json, "gateway connect");
}
export function parseGatewayDisconnect(json: unknown) {
  return parseWith(gatewayDisconnectSchema, json, "gateway disconnect");
}

function perDevice(json: unknown, what: string): [string, unknown][] {
  if (!isPlainObject(json)) throw invalidPayload(`${what} must be an object keyed by device name`);
  const entries = Object.entries(json);
  if (entries.length === 0) throw invalidPayload(`${what} names no device`);
  for (const [name] of entries) parseWith(deviceName, name, `${what} device name`);
  return entries;
}

/** `{"Device A": [{"ts", "values"}] | {...}, ...}` → points per sub-device. */
export function parseGatewayTelemetry(
  json: unknown,
  receivedAt: number,
): { device: string; points: TelemetryPoint[]; payload: unknown }[] {
  return perDevice(json, "gateway telemetry").map(([device, payload]) => ({
    device,
    points: parseTelemetry(payload, receivedAt),
    payload,
  }));
}

/** `{"Device A": {"attr": value}, ...}` → client attributes per sub-device. */
export function parseGatewayAttributes(json: unknown): { device: string; attributes: KeyValue[]; payload: unknown }[] {
  return perDevice(json, "gateway attributes").map(([device, payload]) => ({
    device,
    attributes: parseAttributes(payload),
    payload,
  }));
}

/** `{"id", "device", "client": bool, "key"}` or with `"keys": [...]`. */
export const gatewayAttributeRequestSchema = z
  .object({
    id: z.number().int().nonnegative(),
    device: deviceName,
    client: z.boolean().default(false),
    key: z.string().min(1).optional(),
    keys: z.array(z.string().min(1)).optional(),
  })
  .refine((r) => r.key !== undefined || r.keys !== undefined, { message: 'one of "key" or "keys" is required' });

export function parseGatewayAttributeRequest(json: unknown) {
  return parseWith(gatewayAttributeRequestSchema, json, "gateway attribute request");
}

/** A gateway's reply to a server-side RPC: `{"device", "id", "data"}`. */
export const gatewayRpcReplySchema = z.object({
  device: deviceName,
  id: z.number().int().nonnegative(),
  data: z.unknown(),
});

export function parseGatewayRpcReply(json: unknown) {
  return parseWith(gatewayRpcReplySchema, json, "gateway RPC reply");
}

export const claimSchema = z.object({
  secretKey: z.string().max(255).default(""),
  durationMs: z.number().int().positive().optional(),
});
export type ClaimRequest = z.infer<typeof claimSchema>;

export function parseClaim(json: unknown): ClaimRequest {
  return parseWith(claimSchema, json ?? {}, "claim");
}

export function parseGatewayClaim(json: unknown): { device: string; claim: ClaimRequest }[] {
  return perDevice(json, "gateway claim").map(([device, payload]) => ({ device, claim: parseClaim(payload) }));
}

export const provisionRequestSchema = z.object({
  deviceName: z.string().min(1).max(255).optional(),
  provisionDeviceKey: z.string().min(1),
  provisionDeviceSecret: z.string().min(1),
  credentialsType: z.enum(["ACCESS_TOKEN", "MQTT_BASIC", "X509_CERTIFICATE"]).optional(),
  token: z.string().min(1).optional(),
  clientId: z.string().optional(),
  username: z.string().optional(),
  password: z.string().optional(),
  hash: z.string().optional(),
});
export type ProvisionRequest = z.infer<typeof provisionRequestSchema>;

export function parseProvisionRequest(json: unknown): ProvisionRequest {
  return parseWith(provisionRequestSchema, json, "provision request");
}
