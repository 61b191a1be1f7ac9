import protobuf from "protobufjs";
import { markWholeDouble, MAX_JSON_DEPTH } from "./json.ts";
import { DeviceProtocolError, invalidPayload } from "./errors.ts";
import type { ProtoMessageType } from "./protobuf-schema.ts";

/** What toObject makes of each scalar: 64-bit integers as decimal strings (exact), enums by name, bytes as base64. */
const TO_OBJECT: protobuf.IConversionOptions = { longs: String, enums: String, bytes: String, defaults: true };

const LONG_TYPES = new Set(["int64", "uint64", "sint64", "fixed64", "sfixed64"]);
const FLOAT_TYPES = new Set(["double", "float"]);

type Holder = Record<string, unknown> | unknown[];

/**
 * Puts one field value into `holder[key]` typed as a device's JSON would be, and answers its JSON
 * text: 64-bit integers as numbers (LONG; JSON's strings would make them STRING), whole doubles
 * and floats kept DOUBLE (written `20.0`, and marked as decodeJsonPayload marks them), nested
 * messages as objects, NaN and infinities as proto3's JSON mapping writes them ("NaN", "Infinity").
 */
function putValue(field: protobuf.Field, raw: unknown, holder: Holder, key: string | number, depth: number): string {
  if (field.resolvedType instanceof protobuf.Type) {
    const child: Record<string, unknown> = {};
    (holder as Record<string, unknown>)[key] = child;
    return putMessage(field.resolvedType, raw as Record<string, unknown>, child, depth + 1);
  }
  let value = raw;
  let text: string;
  if (LONG_TYPES.has(field.type)) {
    value = Number(raw);
    text = String(raw);
  } else if (FLOAT_TYPES.has(field.type) && typeof raw === "number") {
    if (!Number.isFinite(raw)) {
      value = String(raw);
      text = JSON.stringify(value);
    } else {
      value = field.type === "float" ? shortestFloat(raw) : raw;
      const whole = Number.isInteger(value) && Math.abs(value as number) < 1e21;
      if (whole && !Array.isArray(holder)) markWholeDouble(holder, String(key));
      text = whole ? (value as number).toFixed(1) : JSON.stringify(value);
    }
  } else {
    text = JSON.stringify(raw);
  }
  (holder as Record<string, unknown>)[key] = value;
  return text;
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

function putField(field: protobuf.Field, raw: unknown, holder: Record<string, unknown>, depth: number): string {
  if (field.map) {
    const child: Record<string, unknown> = {};
    holder[field.name] = child;
    const parts = Object.entries(raw as Record<string, unknown>).map(
      ([k, v]) => `${JSON.stringify(k)}:${putValue(field, v, child, k, depth + 1)}`,
    );
    return `{${parts.join(",")}}`;
  }
  if (field.repeated) {
    const child: unknown[] = [];
    holder[field.name] = child;
    return `[${(raw as unknown[]).map((v, i) => putValue(field, v, child, i, depth + 1)).join(",")}]`;
  }
  return putValue(field, raw, holder, field.name, depth);
}

/**
 * A decoded message (toObject's form) into `into`, fields in declaration order under their JSON
 * names, unset ones left out; answers its JSON text. As deep as JSON payloads may nest, no deeper.
 */
function putMessage(
  type: protobuf.Type,
  object: Record<string, unknown>,
  into: Record<string, unknown>,
  depth: number,
) {
  if (depth > MAX_JSON_DEPTH) throw invalidPayload(`message nests deeper than ${MAX_JSON_DEPTH} levels`);
  const parts: string[] = [];
  for (const field of type.fieldsArray) {
    const raw = object[field.name];
    if (raw === undefined || raw === null) continue;
    parts.push(`${JSON.stringify(field.name)}:${putField(field, raw, into, depth)}`);
  }
  return `{${parts.join(",")}}`;
}

/** A protobuf payload turned into what a JSON device would have sent: the text and its decoded value. */
export interface DecodedProtoPayload {
  /** The JSON text, which the rule engine receives as the message's data. */
  text: string;
  /** What decodeJsonPayload makes of `text` (whole doubles marked), for the same parsers JSON uses. */
  json: unknown;
}

/**
 * Decodes a device's protobuf payload with its profile's message type into the key/value JSON
 * ThingsBoard's protobuf transport produces (proto3 defaults included, as its JsonFormat printer
 * with default values does). Bytes that are not that message are refused as an invalid payload.
 * The value is built beside the text, not parsed back from it: that took most of the time.
 */
export function decodeProtoPayload(type: ProtoMessageType, payload: Uint8Array, maxBytes: number): DecodedProtoPayload {
  if (payload.byteLength > maxBytes)
    throw new DeviceProtocolError(
      "PAYLOAD_TOO_LARGE",
      `payload is ${payload.byteLength} bytes; the limit is ${maxBytes}`,
    );
  let object: Record<string, unknown>;
  try {
    object = type.toObject(type.decode(payload), TO_OBJECT);
  } catch (error) {
    // RangeError too: a recursive message nested thousands deep overflows the decoder's stack.
    throw invalidPayload(`payload is not a valid ${type.fullName.slice(1)} message: ${(error as Error).message}`);
  }
  const json: Record<string, unknown> = {};
  const text = putMessage(type, object, json, 1);
  return { text, json };
}
