import protobuf from "protobufjs";
import { markWholeDouble, MAX_JSON_DEPTH } from "./json.ts";
import { DeviceProtocolError, invalidPayload } from "./errors.ts";
import type { ProtoMessageType } from "./protobuf-schema.ts";

/** What toObject makes of each scalar: 64-bit integers as decimal strings (exact), enums by name, bytes as base64. */
const TO_OBJECT: protobuf.IConversionOptions = { longs: String, enums: String, bytes: String, defaults: true };

const LONG_TYPES = new Set(["int64", "uint64", "sint64", "fixed64", "sfixed64"]);

type Holder = Record<string, unknown> | unknown[];

/** How one field is written, worked out once per message type (this runs for every field of every message). */
interface FieldPlan {
  name: string;
  /** `"name":`, the text before the value. */
  prefix: string;
  kind: "message" | "long" | "double" | "float" | "other";
  message?: protobuf.Type;
  map: boolean;
  repeated: boolean;
}

const plans = new WeakMap<protobuf.Type, FieldPlan[]>();

function planOf(type: protobuf.Type): FieldPlan[] {
  let plan = plans.get(type);
  if (plan) return plan;
  plan = type.fieldsArray.map((field) => {
    const message = field.resolvedType instanceof protobuf.Type ? field.resolvedType : undefined;
    const kind = message
      ? "message"
      : LONG_TYPES.has(field.type)
        ? "long"
        : field.type === "double" || field.type === "float"
          ? field.type
          : "other";
    return {
      name: field.name,
      prefix: `${JSON.stringify(field.name)}:`,
      kind,
      message,
      map: field.map,
      repeated: field.repeated,
    };
  });
  plans.set(type, plan);
  return plan;
}

/**
 * Puts one field value into `holder[key]` typed as a device's JSON would be, and answers its JSON
 * text: 64-bit integers as numbers (LONG; JSON's strings would make them STRING), whole doubles
 * and floats kept DOUBLE (written `20.0`, and marked as decodeJsonPayload marks them), nested
 * messages as objects, NaN and infinities as proto3's JSON mapping writes them ("NaN", "Infinity").
 */
function putValue(field: FieldPlan, raw: unknown, holder: Holder, key: string | number, depth: number): string {
  if (field.message) {
    const child: Record<string, unknown> = {};
    (holder as Record<string, unknown>)[key] = child;
    return putMessage(field.message, raw as Record<string, unknown>, child, depth + 1);
  }
  let value = raw;
  let text: string;
  if (field.kind === "long") {
    value = Number(raw);
    text = String(raw);
  } else if ((field.kind === "double" || field.kind === "float") && typeof raw === "number") {
    if (!Number.isFinite(raw)) {
      value = String(raw);
      text = JSON.stringify(value);
    } else {
      const number = field.kind === "float" ? shortestFloat(raw) : raw;
      value = number;
      const whole = Number.isInteger(number) && Math.abs(number) < 1e21;
      if (whole && !Array.isArray(holder)) markWholeDouble(holder, String(key));
      text = whole ? number.toFixed(1) : String(number);
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

function putField(field: FieldPlan, raw: unknown, holder: Record<string, unknown>, depth: number): string {
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
  let text = "{";
  for (const field of planOf(type)) {
    const raw = object[field.name];
    if (raw === undefined || raw === null) continue;
    text += `${text.length > 1 ? "," : ""}${field.prefix}${putField(field, raw, into, depth)}`;
  }
  return `${text}}`;
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

// ThingsBoard's fixed messages (gateway API, client-side RPC, claim), for PROTOBUF profiles' devices.
export {
  decodeThingsBoardUplink,
  isThingsBoardProtoUplink,
  THINGSBOARD_PROTO_UPLINKS,
  type ThingsBoardProtoUplink,
} from "./thingsboard-uplink.ts";
