import {
  PROTO_PAYLOADS,
  protoMessageField,
  protoSchemaField,
  readPayloadTransportConfig,
  type PayloadTransportConfig,
} from "@industryos/device-protocol";
import { compilePayloadSchemas } from "@industryos/device-protocol/protobuf-schema";
import { ApiError } from "../../errors.ts";

/**
 * A device profile's payload settings must compile before they are saved: ingest decodes every
 * message of the profile's devices with them, and a schema that fails there would refuse them all.
 * The answer names each schema that fails and carries protobufjs' own message (with its line).
 */
export function assertPayloadSchemas(config: PayloadTransportConfig | undefined) {
  if (!config) return;
  const compiled = compilePayloadSchemas(config);
  if (compiled.ok) return;
  const first = compiled.issues[0]!;
  throw new ApiError(
    "BAD_REQUEST",
    `${first.field}: ${first.message}`,
    compiled.issues.map((issue) => ({ path: ["transportConfig", issue.field], message: issue.message })),
  );
}

/** The keys of `transportConfig` that the payload settings own; other transport settings are kept. */
const PAYLOAD_KEYS = [
  "payloadType",
  ...PROTO_PAYLOADS.flatMap((payload) => [protoSchemaField(payload), protoMessageField(payload)]),
];

/**
 * The profile's new `transportConfig`: the payload settings as given (a JSON profile keeps no
 * schemas), anything else stored beside them unchanged.
 */
export function withPayloadConfig(current: unknown, config: PayloadTransportConfig): Record<string, unknown> {
  const kept = Object.fromEntries(
    Object.entries(typeof current === "object" && current !== null ? current : {}).filter(
      ([key]) => !PAYLOAD_KEYS.includes(key),
    ),
  );
  if (config.payloadType === "JSON") return { ...kept, payloadType: "JSON" };
  return { ...kept, ...config };
}

/** What a profile shows of its payload settings (JSON for a profile that never set any). */
export const payloadConfigView = (transportConfig: unknown): PayloadTransportConfig =>
  readPayloadTransportConfig(transportConfig);
