import { invalidPayload } from "./errors.ts";
import type { ProtoMessageType } from "./protobuf-schema.ts";

const NUMBER_TEXT = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;
const INTEGER_TEXT = /^-?\d+$/;
const INTEGER_TYPES = new Set(["int32", "uint32", "sint32", "fixed32", "sfixed32"]);
const LONG_TYPES = new Set(["int64", "uint64", "sint64", "fixed64", "sfixed64"]);

/**
 * Whether a scalar field can hold the value as protobuf's JSON mapping reads it (numbers also as
 * their text, bools as "true"/"false"). protobufjs' fromObject would turn anything into a number
 * silently ("many" → 0), and a device must not receive a value nobody sent.
 */
function fits(fieldType: string, value: unknown): boolean {
  if (INTEGER_TYPES.has(fieldType) || LONG_TYPES.has(fieldType))
    return (
      (typeof value === "number" && Number.isInteger(value)) || (typeof value === "string" && INTEGER_TEXT.test(value))
    );
  if (fieldType === "double" || fieldType === "float")
    return typeof value === "number" || (typeof value === "string" && NUMBER_TEXT.test(value));
  if (fieldType === "bool") return typeof value === "boolean" || value === "true" || value === "false";
  return true;
}

/**
 * Encodes a server → device message (an RPC request `{method, requestId, params}`) as the
 * profile's protobuf message, the way ThingsBoard merges its JSON into the message: fields the
 * message does not declare are ignored, and a value given to a `string` field that is not a string
 * (RPC params are usually an object) is sent as its JSON text. A value the field cannot hold is
 * refused with the reason.
 */
export function encodeProtoMessage(type: ProtoMessageType, value: Record<string, unknown>): Uint8Array {
  const fields: Record<string, unknown> = {};
  for (const field of type.fieldsArray) {
    const raw = value[field.name];
    if (raw === undefined || raw === null) continue;
    if (!field.repeated && !field.map && !fits(field.type, raw))
      throw invalidPayload(`${field.name} cannot hold ${JSON.stringify(raw)} (a ${field.type} field of ${type.name})`);
    fields[field.name] =
      field.type === "string" && !field.repeated && !field.map && typeof raw !== "string" ? JSON.stringify(raw) : raw;
  }
  try {
    return type.encode(type.fromObject(fields)).finish();
  } catch (error) {
    throw invalidPayload(`cannot be sent as a ${type.fullName.slice(1)} message: ${(error as Error).message}`);
  }
}

// ThingsBoard's fixed server → device messages (gateway API, attribute answers and updates, client-side RPC answers).
export {
  encodeAttributeResponse,
  encodeAttributeUpdate,
  encodeClientRpcResponse,
  encodeGatewayAttributeResponse,
  encodeGatewayAttributeUpdate,
  encodeGatewayRpcRequest,
} from "./thingsboard-downlink.ts";
