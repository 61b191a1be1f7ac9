// A prepared batch in COPY's binary format (https://www.postgresql.org/docs/current/sql-copy.html,
// "Binary Format"): PostgreSQL stores the values as sent instead of parsing text, which took about a
// quarter of the server's time per row (timestamps and UUIDs above all).
import type { PreparedBatch } from "./batch.ts";

/** The columns in the order every row is written. */
export const COPY_BINARY_COLUMNS = "telemetry (tenant_id, entity_id, key_id, ts, bool_v, long_v, dbl_v, str_v, json_v)";

const SIGNATURE = Buffer.from("PGCOPY\n\xff\r\n\0", "latin1");
/** Signature, flags (int32 0) and header extension length (int32 0). */
const HEADER_BYTES = SIGNATURE.length + 8;
/** Field count, two UUIDs, key id, timestamp and four NULL value columns: what every row has. */
const FIXED_ROW_BYTES = 2 + 2 * (4 + 16) + (4 + 4) + (4 + 8) + 4 * 4;
/** PostgreSQL counts timestamps in microseconds from 2000-01-01. */
const PG_EPOCH_MS = 946_684_800_000;
const TWO_32 = 4_294_967_296;
const JSONB_VERSION = 1;

/** Hex digit values by character code; -1 for anything else. */
const NIBBLE = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i++) {
  NIBBLE["0123456789abcdef".charCodeAt(i)] = i;
  NIBBLE["0123456789ABCDEF".charCodeAt(i)] = i;
}

/** Writes a UUID's 16 bytes from its canonical text (validated before the batch got here). */
function writeUuid(buf: Buffer, offset: number, uuid: string): void {
  let o = offset;
  for (let i = 0; i < uuid.length; i++) {
    const high = NIBBLE[uuid.charCodeAt(i)]!;
    if (high < 0) continue; // a dash
    buf[o++] = (high << 4) | NIBBLE[uuid.charCodeAt(++i)]!;
  }
}

/** A safe integer as a big-endian int64, without a BigInt per value. */
function writeInt64(buf: Buffer, offset: number, value: number): void {
  const high = Math.floor(value / TWO_32);
  buf.writeInt32BE(high, offset);
  buf.writeUInt32BE(value - high * TWO_32, offset + 4);
}

function valueBytes(b: PreparedBatch, i: number, textBytes: number[]): number {
  switch (b.slot[i]) {
    case 0:
      return 1;
    case 1:
    case 2:
      return 8;
    case 3:
      return textBytes[i]!;
    default:
      return 1 + textBytes[i]!;
  }
}

/**
 * The batch's rows as `COPY <COPY_BINARY_COLUMNS> FROM STDIN (FORMAT binary)` data. Rows of one
 * device come together, so a UUID equal to the previous row's is copied from it.
 */
export function copyBinary(b: PreparedBatch, keyIds: number[]): Buffer {
  const textBytes: number[] = new Array<number>(b.count).fill(0);
  let size = HEADER_BYTES + 2;
  for (let i = 0; i < b.count; i++) {
    if (b.slot[i]! >= 3) textBytes[i] = Buffer.byteLength(b.text[i]!);
    size += FIXED_ROW_BYTES + 4 + valueBytes(b, i, textBytes);
  }
  const buf = Buffer.allocUnsafe(size);
  SIGNATURE.copy(buf, 0);
  buf.writeInt32BE(0, SIGNATURE.length);
  buf.writeInt32BE(0, SIGNATURE.length + 4);
  let o = HEADER_BYTES;
  let tenantAt = -1;
  let entityAt = -1;
  for (let i = 0; i < b.count; i++) {
    buf.writeInt16BE(9, o);
    o += 2;
    buf.writeInt32BE(16, o);
    if (tenantAt >= 0 && b.tenant[i] === b.tenant[i - 1]) buf.copy(buf, o + 4, tenantAt, tenantAt + 16);
    else writeUuid(buf, o + 4, b.tenant[i]!);
    tenantAt = o + 4;
    o += 20;
    buf.writeInt32BE(16, o);
    if (entityAt >= 0 && b.entity[i] === b.entity[i - 1]) buf.copy(buf, o + 4, entityAt, entityAt + 16);
    else writeUuid(buf, o + 4, b.entity[i]!);
    entityAt = o + 4;
    o += 20;
    buf.writeInt32BE(4, o);
    buf.writeInt32BE(keyIds[i]!, o + 4);
    o += 8;
    buf.writeInt32BE(8, o);
    writeInt64(buf, o + 4, (b.ms[i]! - PG_EPOCH_MS) * 1000);
    o += 12;
    const slot = b.slot[i]!;
    for (let column = 0; column < 5; column++) {
      if (column !== slot) {
        buf.writeInt32BE(-1, o);
        o += 4;
        continue;
      }
      const bytes = valueBytes(b, i, textBytes);
      buf.writeInt32BE(bytes, o);
      o += 4;
      if (slot === 0) buf[o] = b.num[i]!;
      else if (slot === 1) writeInt64(buf, o, b.num[i]!);
      else if (slot === 2) buf.writeDoubleBE(b.num[i]!, o);
      else if (slot === 3) buf.write(b.text[i]!, o, "utf8");
      else {
        buf[o] = JSONB_VERSION;
        buf.write(b.text[i]!, o + 1, "utf8");
      }
      o += bytes;
    }
  }
  buf.writeInt16BE(-1, o);
  return buf;
}
