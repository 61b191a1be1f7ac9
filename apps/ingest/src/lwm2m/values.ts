import type { ResourceModel } from "./models.ts";

/**
 * Resource values between their LwM2M encodings and JSON, typed by the resource's model: numbers
 * for Integer / Float / Time, booleans, strings; Opaque as base64; Objlnk as `"objectId:instanceId"`.
 * A resource the platform has no model of is read as text when it is valid UTF-8, else base64.
 */

/** A TLV value's bytes (big-endian integers and floats, LwM2M 1.1 TS Core §7.4.3). */
export function tlvValue(bytes: Buffer, model: ResourceModel | undefined): unknown {
  switch (model?.type) {
    case "String":
    case "Corelnk":
      return bytes.toString("utf8");
    case "Integer":
    case "Time":
      return bytes.length === 8 ? Number(bytes.readBigInt64BE()) : bytes.readIntBE(0, Math.max(1, bytes.length));
    case "Unsigned Integer":
      return bytes.length === 8 ? Number(bytes.readBigUInt64BE()) : bytes.readUIntBE(0, Math.max(1, bytes.length));
    case "Float":
      return bytes.length === 4 ? bytes.readFloatBE() : bytes.readDoubleBE();
    case "Boolean":
      return bytes[0] !== 0;
    case "Objlnk":
      return `${bytes.readUInt16BE(0)}:${bytes.readUInt16BE(2)}`;
    case "Opaque":
      return bytes.toString("base64");
    default:
      return guessText(bytes);
  }
}

/** A text/plain value (LwM2M 1.1 TS Core §7.4.1). */
export function textValue(text: string, model: ResourceModel | undefined): unknown {
  switch (model?.type) {
    case "Integer":
    case "Unsigned Integer":
    case "Float":
    case "Time": {
      const number = Number(text);
      return Number.isFinite(number) ? number : text;
    }
    case "Boolean":
      return text === "1" || text === "true";
    default:
      return text;
  }
}

function guessText(bytes: Buffer): string {
  const text = bytes.toString("utf8");
  const binary = bytes.some((byte) => byte < 0x09);
  return !binary && Buffer.from(text, "utf8").equals(bytes) ? text : bytes.toString("base64");
}

/** A JSON value as text/plain for a write; throws (a message for the caller) when it does not fit the resource's type. */
export function encodeTextValue(value: unknown, model: ResourceModel | undefined): string {
  const type = model?.type ?? "";
  if (type === "Boolean") {
    if (typeof value !== "boolean") throw new Error(`${model!.name} takes true or false`);
    return value ? "1" : "0";
  }
  if (type === "Integer" || type === "Unsigned Integer" || type === "Time") {
    if (typeof value !== "number" || !Number.isInteger(value)) throw new Error(`${model!.name} takes a whole number`);
    if (type === "Unsigned Integer" && value < 0) throw new Error(`${model!.name} takes a number of 0 or more`);
    return String(value);
  }
  if (type === "Float") {
    if (typeof value !== "number" || !Number.isFinite(value)) throw new Error(`${model!.name} takes a number`);
    return String(value);
  }
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return String(value);
  throw new Error("Write one resource's value: a string, number or boolean");
}
