import { z } from "zod";

/**
 * What a device profile's devices send on the telemetry, attributes and RPC topics
 * (ThingsBoard's transportPayloadTypeConfiguration). It lives in `DeviceProfile.transportConfig`
 * beside other transport settings; this file has no protobuf code, so the console can import it.
 */
export const PAYLOAD_TYPES = ["JSON", "PROTOBUF"] as const;
export type PayloadType = (typeof PAYLOAD_TYPES)[number];

/** The payloads a PROTOBUF profile may describe, each by its own `.proto` schema. */
export const PROTO_PAYLOADS = ["telemetry", "attributes", "rpcRequest", "rpcResponse"] as const;
export type ProtoPayload = (typeof PROTO_PAYLOADS)[number];

/** A schema is text a tenant pastes into the profile form; 64 KiB holds any device message's definition. */
const MAX_SCHEMA_LENGTH = 65_536;
const schemaText = z.string().max(MAX_SCHEMA_LENGTH, "A schema may be at most 64 KiB").optional();
/** A message's full name as the schema declares it (`package.Message`, nested ones with dots). */
const messageName = z
  .string()
  .trim()
  .regex(/^[A-Za-z_][\w.]*$/, "Name a message of the schema, e.g. telemetry.SensorDataReading")
  .max(255)
  .optional();

/**
 * `payloadType` JSON (the default) or PROTOBUF. For PROTOBUF, `<payload>Proto` is the schema text
 * and `<payload>Message` the message that one payload is (default: the schema's last top-level
 * message). A payload without a schema stays JSON, so a profile can describe only its telemetry.
 */
export const payloadTransportConfig = z.object({
  payloadType: z.enum(PAYLOAD_TYPES).default("JSON"),
  telemetryProto: schemaText,
  telemetryMessage: messageName,
  attributesProto: schemaText,
  attributesMessage: messageName,
  rpcRequestProto: schemaText,
  rpcRequestMessage: messageName,
  rpcResponseProto: schemaText,
  rpcResponseMessage: messageName,
});
export type PayloadTransportConfig = z.infer<typeof payloadTransportConfig>;

export const protoSchemaField = (payload: ProtoPayload) => `${payload}Proto` as const;
export const protoMessageField = (payload: ProtoPayload) => `${payload}Message` as const;

/**
 * The payload settings of a stored `transportConfig` (any JSON): anything unreadable is JSON,
 * so a profile written before this setting existed, or by hand, never stops its devices.
 */
export function readPayloadTransportConfig(transportConfig: unknown): PayloadTransportConfig {
  const parsed = payloadTransportConfig.safeParse(transportConfig ?? {});
  return parsed.success ? parsed.data : { payloadType: "JSON" };
}
