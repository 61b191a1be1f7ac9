import { isUtf8 } from "node:buffer";
import { DeviceProtocolError, invalidPayload } from "./errors.ts";

/**
 * How deeply a device's JSON may nest. Telemetry needs 4 levels (a gateway's
 * `{"Device":[{"ts","values":{...}}]}`) plus what a JSON value carries; a document nested
 * thousands deep only ever comes from someone probing the parser (serialising it back
 * overflows the stack).
 */
export const MAX_JSON_DEPTH = 64;

export interface DecodeOptions {
  /** Deepest nesting of objects and arrays accepted (default MAX_JSON_DEPTH). */
  maxDepth?: number;
}

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;

/**
 * Decodes a device payload as JSON, refusing it before parsing when it is larger than the
 * configured limit (a parser must never be handed an unbounded document from a device), when
 * its bytes are not UTF-8 (decoding would store U+FFFD in place of what the device sent) or
 * when it nests deeper than `maxDepth`. Numbers written as whole doubles (`20.0`) are noted
 * for `writtenAsDouble`.
 */
export function decodeJsonPayload(payload: Uint8Array | string, maxBytes: number, options?: DecodeOptions): unknown {
  const size = typeof payload === "string" ? Buffer.byteLength(payload) : payload.byteLength;
  if (size > maxBytes) {
    throw new DeviceProtocolError("PAYLOAD_TOO_LARGE", `payload is ${size} bytes; the limit is ${maxBytes}`);
  }
  let text: string;
  if (typeof payload === "string") {
    text = payload;
  } else {
    const bytes = Buffer.isBuffer(payload)
      ? payload
      : Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
    if (!isUtf8(bytes)) throw invalidPayload("payload is not valid UTF-8");
    text = bytes.toString("utf8");
  }
  const maxDepth = options?.maxDepth ?? MAX_JSON_DEPTH;
  if (nestsDeeperThan(text, maxDepth)) throw invalidPayload(`JSON nests deeper than ${maxDepth} levels`);
  let json: unknown;
  try {
    json = JSON.parse(text) as unknown;
  } catch (error) {
    throw new DeviceProtocolError("INVALID_JSON", `payload is not valid JSON: ${(error as Error).message}`);
  }
  // A whole number written with a decimal point always has ".0" in the text: without one (most
  // payloads) JSON.parse's numbers say all there is to know.
  if (typeof json === "object" && json !== null && text.includes(".0")) markWholeDoubles(text, json);
  return json;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * True when the text opens more than `maxDepth` objects/arrays at once. Native `indexOf`
 * counts the brackets first: a payload with no more brackets than the limit cannot nest
 * deeper, so only bracket-heavy payloads are walked character by character.
 */
function nestsDeeperThan(text: string, maxDepth: number): boolean {
  let brackets = 0;
  for (let i = text.indexOf("{"); i !== -1 && brackets <= maxDepth; i = text.indexOf("{", i + 1)) brackets++;
  for (let i = text.indexOf("["); i !== -1 && brackets <= maxDepth; i = text.indexOf("[", i + 1)) brackets++;
  if (brackets <= maxDepth) return false;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) i = endOfString(text, i);
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > maxDepth) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/** Index of the closing quote of the string opening at `start` (or the text's end). */
function endOfString(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5c) i++;
    else if (c === 0x22) return i;
  }
  return text.length;
}

/** holder (object or array of a decoded payload) → its keys whose number was written as a whole double. */
const wholeDoubles = new WeakMap<object, Set<string>>();

/**
 * The keys of `holder` (an object of a payload decoded by decodeJsonPayload) whose value is a
 * whole number written with a decimal point and no exponent, such as `20.0`: ThingsBoard's
 * JSON converter keeps those DOUBLE where JSON.parse's number alone would make them LONG.
 * Undefined for almost every object, so callers look it up once per object.
 */
export function wholeDoubleKeys(holder: object): ReadonlySet<string> | undefined {
  return wholeDoubles.get(holder);
}

/** Records that `holder[key]` is a whole number written as a double, for values built without JSON text (protobuf). */
export function markWholeDouble(holder: object, key: string): void {
  const marks = wholeDoubles.get(holder);
  if (marks) marks.add(key);
  else wholeDoubles.set(holder, new Set([key]));
}

/**
 * Walks the (valid) JSON text alongside the value JSON.parse made of it and records, per
 * holder, the keys whose number token has a '.', no exponent and only zeros after the point —
 * ThingsBoard's rule (JsonConverter: whole and not "contains '.' without e/E" is LONG).
 */
function markWholeDoubles(text: string, root: object): void {
  let i = 0;
  const skipSpace = () => {
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
      i++;
    }
  };
  const readString = (): string => {
    const end = endOfString(text, i);
    const raw = text.slice(i + 1, end);
    i = end + 1;
    return raw.includes("\\") ? (JSON.parse(`"${raw}"`) as string) : raw;
  };
  /** Reads the value at `i`; `holder[key]` is what JSON.parse made of it (when the holder is known). */
  const readValue = (holder: Record<string, unknown> | undefined, key: string): void => {
    skipSpace();
    const c = text.charCodeAt(i);
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      const child = holder === undefined ? undefined : holder[key];
      readContainer(typeof child === "object" && child !== null ? (child as Record<string, unknown>) : undefined);
    } else if (c === 0x22) {
      readString();
    } else {
      const start = i;
      while (i < text.length && !",}] \n\r\t".includes(text[i]!)) i++;
      if (holder === undefined || !isNumberStart(c)) return;
      const marks = wholeDoubles.get(holder);
      if (isWholeDouble(text, start, i)) {
        if (marks) marks.add(key);
        else wholeDoubles.set(holder, new Set([key]));
      } else {
        marks?.delete(key); // a repeated key: the last one is the value JSON.parse kept
      }
    }
  };
  const readContainer = (value: Record<string, unknown> | undefined): void => {
    const isArray = text.charCodeAt(i) === OPEN_BRACKET;
    i++;
    let index = 0;
    for (;;) {
      skipSpace();
      const c = text.charCodeAt(i);
      if (c === 0x7d || c === 0x5d || i >= text.length) {
        i++;
        return;
      }
      if (c === 0x2c) {
        i++;
        continue;
      }
      if (isArray) {
        readValue(value, String(index++));
      } else {
        const key = readString();
        skipSpace();
        i++; // ':'
        readValue(value, key);
      }
    }
  };
  skipSpace();
  readContainer(root as Record<string, unknown>);
}

function isNumberStart(c: number): boolean {
  return c === 0x2d || (c >= 0x30 && c <= 0x39);
}

function isWholeDouble(text: string, start: number, end: number): boolean {
  const point = text.indexOf(".", start);
  if (point === -1 || point >= end) return false;
  for (let j = point + 1; j < end; j++) if (text.charCodeAt(j) !== 0x30) return false; // an exponent is not '0' either
  return true;
}
