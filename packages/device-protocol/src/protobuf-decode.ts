import protobuf from "protobufjs";
import { decodeJsonPayload } from "./json.ts";
import { DeviceProtocolError, invalidPayload } from "./errors.ts";
import type { ProtoMessageType } from "./protobuf-schema.ts";

/** What toObject makes of each scalar: 64-bit integers as decimal strings (exact), enums by name, bytes as base64. */
const TO_OBJECT: protobuf.IConversionOptions = { longs: String, enums: String, bytes: String, defaults: true };

const LONG_TYPES = new Set(["int64", "uint64", "sint64", "fixed64", "sfixed64"]);
const FLOAT_TYPES = new Set(["double", "float"]);

/**
 * One field value as JSON text, typed as a device's JSON would be: 64-bit integers as number
 * literals (so they are LONG; JSON's strings would make them STRING), whole doubles and floats
 * with a decimal point (`20.0` stays DOUBLE, as decodeJsonPayload reads it), nested messages as
 * objects, NaN and infinities as proto3's JSON mapping writes them ("NaN", "Infinity").
 */
function scalarText(field: protobuf.Field, value: unknown): string {
  if (field.resolvedType instanceof protobuf.Type) return messageText(field.resolvedType, value as object);
  if (LONG_TYPES.has(field.type)) return String(value);
  if (FLOAT_TYPES.has(field.type) && typeof value === "number") {
    if (!Number.isFinite(value)) return JSON.stringify(String(value));
    const number = field.type === "float" ? shortestFloat(value) : value;
    return Number.isInteger(number) && Math.abs(number) < 1e21 ? number.toFixed(1) : JSON.stringify(number);
  }
  return JSON.stringify(value);
}

/**
 * A 32-bit float as the shortest decimal that reads back as the same float: 20.1f decodes to
 * 20.100000381469727 as a double, and a device that sent 20.1 expects to see 20.1 (Java's
 * Float.toString, which ThingsBoard's JSON printer uses, writes it so too).
 */
function shortestFloat(value: number): number {
  for (let digits = 1; digits < 9; digits++) {
    const candidate = Number(value.toPrecision(digits));
    if (Math.fround(candidate) === value) return candidate;
  }
  return value;
}

function fieldText(field: protobuf.Field, value: unknown): string {
  if (field.map) {
    const entries = Object.entries(value as Record<string, unknown>);
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${scalarText(field, v)}`).join(",")}}`;
  }
  if (field.repeated) return `[${(value as unknown[]).map((v) => scalarText(field, v)).join(",")}]`;
  return scalarText(field, value);
}

/** A decoded message as JSON text, fields in declaration order under their JSON names; unset messages are left out. */
function messageText(type: protobuf.Type, object: object): string {
  const values = object as Record<string, unknown>;
  const parts: string[] = [];
  for (const field of type.fieldsArray) {
    const value = values[field.name];
    if (value === undefined || value === null) continue;
    parts.push(`${JSON.stringify(field.name)}:${fieldText(field, value)}`);
  }
  return `{${parts.join(",")}}`;
}

/** A protobuf payload turned into what a JSON device would have sent: the text and its decoded value. */
export interface DecodedProtoPayload {
  /** The JSON text, which the rule engine receives as the message's data. */
  text: string;
  /** `text` decoded by decodeJsonPayload (whole doubles marked), for the same parsers JSON uses. */
  json: unknown;
}

/**
 * Decodes a device's protobuf payload with its profile's message type into the key/value JSON
 * ThingsBoard's protobuf transport produces (proto3 defaults included, as its JsonFormat printer
 * with default values does). Bytes that are not that message are refused as an invalid payload.
 */
export function decodeProtoPayload(type: ProtoMessageType, payload: Uint8Array, maxBytes: number): DecodedProtoPayload {
  if (payload.byteLength > maxBytes)
    throw new DeviceProtocolError(
      "PAYLOAD_TOO_LARGE",
      `payload is ${payload.byteLength} bytes; the limit is ${maxBytes}`,
    );
  let message: protobuf.Message;
  try {
    message = type.decode(payload);
  } catch (error) {
    throw invalidPayload(`payload is not a valid ${type.fullName.slice(1)} message: ${(error as Error).message}`);
  }
  const text = messageText(type, type.toObject(message, TO_OBJECT));
  return { text, json: decodeJsonPayload(text, Number.MAX_SAFE_INTEGER) };
}
