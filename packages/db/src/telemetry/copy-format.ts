// What both COPY encoders write the same way: COPY's binary format
// (https://www.postgresql.org/docs/current/sql-copy.html, "Binary Format") and the binary send
// format of the value types, from a prepared batch's columns.
import type { PreparedBatch } from "./batch.ts";

const SIGNATURE = Buffer.from("PGCOPY\n\xff\r\n\0", "latin1");
/** Signature, flags (int32 0) and header extension length (int32 0). */
export const HEADER_BYTES = SIGNATURE.length + 8;
/** The end-of-data marker (int16 -1). */
export const TRAILER_BYTES = 2;
/** PostgreSQL counts timestamps in microseconds from 2000-01-01. */
const PG_EPOCH_MS = 946_684_800_000;
const TWO_32 = 4_294_967_296;
const JSONB_VERSION = 1;
/** A packed sort key is key × INDEX_SLOTS + index: exact in a double while keys stay below 2^31. */
const INDEX_SLOTS = 4_194_304;

/** Writes the COPY header at the start of `buf`. */
export function writeHeader(buf: Buffer, view: DataView): void {
  SIGNATURE.copy(buf, 0);
  view.setInt32(SIGNATURE.length, 0);
  view.setInt32(SIGNATURE.length + 4, 0);
}

/** A safe integer as a big-endian int64, without a BigInt per value. */
export function writeInt64(view: DataView, offset: number, value: number): void {
  const high = Math.floor(value / TWO_32);
  view.setInt32(offset, high);
  view.setUint32(offset + 4, value - high * TWO_32);
}

/** A timestamp in milliseconds since the epoch as PostgreSQL's int64 microseconds. */
export function writeTimestamp(view: DataView, offset: number, ms: number): void {
  writeInt64(view, offset, (ms - PG_EPOCH_MS) * 1000);
}

/** The UTF-8 length of every string and JSON row's text (0 for the others). */
export function textByteLengths(b: PreparedBatch): number[] {
  const bytes = new Array<number>(b.count).fill(0);
  for (let i = 0; i < b.count; i++) if (b.slot[i]! >= 3) bytes[i] = Buffer.byteLength(b.text[i]!);
  return bytes;
}

/** Bytes of row i's value without its length prefix. */
export function valueBytes(b: PreparedBatch, i: number, textBytes: number[]): number {
  const slot = b.slot[i]!;
  return slot === 0 ? 1 : slot <= 2 ? 8 : slot === 3 ? textBytes[i]! : 1 + textBytes[i]!;
}

/** Writes row i's value (length prefix and bytes) at `o`; returns the offset after it. */
export function writeValue(
  buf: Buffer,
  view: DataView,
  o: number,
  b: PreparedBatch,
  i: number,
  textBytes: number[],
): number {
  const bytes = valueBytes(b, i, textBytes);
  view.setInt32(o, bytes);
  o += 4;
  const slot = b.slot[i]!;
  if (slot === 0) buf[o] = b.num[i]!;
  else if (slot === 1) writeInt64(view, o, b.num[i]!);
  else if (slot === 2) view.setFloat64(o, b.num[i]!);
  else if (slot === 3) buf.write(b.text[i]!, o, "utf8");
  else {
    buf[o] = JSONB_VERSION;
    buf.write(b.text[i]!, o + 1, "utf8");
  }
  return o + bytes;
}

/**
 * The indexes 0 .. count - 1 sorted by `keyOf` (non-negative integers), equal keys in index
 * order: one typed array's numeric sort of packed keys, with no comparator call per pair, when
 * they fit in a double.
 */
export function orderByKey(count: number, keyOf: (i: number) => number): Uint32Array {
  const order = new Uint32Array(count);
  const keys = new Float64Array(count);
  let maxKey = 0;
  for (let i = 0; i < count; i++) maxKey = Math.max(maxKey, (keys[i] = keyOf(i)));
  if (count <= INDEX_SLOTS && maxKey * INDEX_SLOTS + count <= Number.MAX_SAFE_INTEGER) {
    for (let i = 0; i < count; i++) keys[i] = keys[i]! * INDEX_SLOTS + i;
    keys.sort();
    for (let i = 0; i < count; i++) order[i] = keys[i]! % INDEX_SLOTS;
    return order;
  }
  for (let i = 0; i < count; i++) order[i] = i;
  return order.sort((x, y) => keys[x]! - keys[y]! || x - y);
}
